package dev.wassettetape.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.MalformedMessageException;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A Streamable HTTP MCP server at a URL (e.g. {@code wassette serve --streamable-http}) as a {@link
 * Transport}, the client side: each message sent is one POST; a request's answer comes back as JSON
 * or as a stream of server-sent events (progress, server requests, then the response), all
 * delivered to the listener in arrival order. The session id the server gives at {@code initialize}
 * and the negotiated protocol version go on every later POST; {@link #close()} ends the session
 * with a DELETE.
 *
 * <p>A message of the stateless protocol ({@link Stateless}) goes without the session, with the
 * {@code Mcp-Method} and {@code Mcp-Name} headers its body asks for.
 *
 * <p>Once the session is initialised it listens on the standalone GET stream too (server messages
 * outside any request); a stream that breaks off (a POST's before its answer, or the GET one) is
 * resumed with GET and {@code Last-Event-ID}.
 */
public final class HttpClientTransport implements Transport {

  private static final Duration CONNECT = Duration.ofSeconds(5);

  private final URI url;
  private final Supplier<String> diagnostics;
  private final HttpClient http;
  private final ExecutorService posts;
  private final ExecutorService delivery;
  private final Set<Id> initializing = ConcurrentHashMap.newKeySet();
  private final Map<Id, Stream<String>> inFlight = new ConcurrentHashMap<>(); // stateless requests
  private final Set<Id> cancelled = ConcurrentHashMap.newKeySet();
  private final Set<Id> unanswered = ConcurrentHashMap.newKeySet(); // a session's requests
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Listener listener;
  private static final int FOLLOW_ATTEMPTS = 3;

  private volatile String sessionId;
  private volatile Stream<String> listening; // the GET stream, while open
  private volatile String protocolVersion;

  /**
   * @param diagnostics what to say about the server when it fails (e.g. its process's log tail)
   */
  public HttpClientTransport(URI url, Supplier<String> diagnostics) {
    this.url = url;
    this.diagnostics = diagnostics;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    this.posts = Executors.newCachedThreadPool(daemon("wassette-tape-http " + url));
    this.delivery = Executors.newSingleThreadExecutor(daemon("wassette-tape-http-in " + url));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void send(JsonRpcMessage message) throws IOException {
    send(message, Map.of());
  }

  /**
   * Sends a message with the client's headers that are not the transport's (Authorization, ...).
   */
  @Override
  public void send(JsonRpcMessage message, Map<String, List<String>> headers) throws IOException {
    if (closed.get()) {
      throw new IOException(url + ": the HTTP session is closed");
    }
    if (message instanceof Request r && r.method().equals("initialize")) {
      initializing.add(r.id());
    }
    if (message instanceof Notification n && n.method().equals("notifications/cancelled")) {
      JsonNode id = n.jsonView().at("/params/requestId");
      Stream<String> stream =
          id.isTextual() || id.isIntegralNumber() ? inFlight.remove(new Id(id)) : null;
      if (stream != null) { // a stateless request is cancelled by closing its stream
        cancelled.add(new Id(id));
        stream.close();
        return;
      }
    }
    try {
      posts.execute(() -> post(message, headers));
    } catch (RejectedExecutionException e) {
      throw new IOException(url + ": the HTTP session is closed", e);
    }
  }

  private void post(JsonRpcMessage message, Map<String, List<String>> headers) {
    HttpRequest request =
        HttpPostRequest.build(url, message.toLine(), message, headers, sessionId, protocolVersion);
    String stateless = Stateless.version(message);
    if (stateless == null && message instanceof Request r) {
      unanswered.add(r.id());
    }
    AtomicReference<String> lastEvent = new AtomicReference<>();
    try {
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      response.headers().firstValue("mcp-session-id").ifPresent(id -> sessionId = id);
      String type = response.headers().firstValue("content-type").orElse("");
      try (Stream<String> body = response.body()) {
        if (stateless != null && message instanceof Request r) {
          inFlight.put(r.id(), body);
        }
        if (message instanceof Notification n
            && n.method().equals("notifications/initialized")
            && response.statusCode() / 100 == 2
            && sessionId != null) {
          posts.execute(this::listen); // the session is on: hear what it sends outside requests
        }
        if (response.statusCode() / 100 == 2 && type.startsWith("text/event-stream")) {
          ServerSentEvents.read(body, this::received, lastEvent::set);
          resumeIfCutOff(message, lastEvent.get(), null);
        } else if (response.statusCode() / 100 == 2) {
          String text = String.join("\n", body.toList());
          if (!text.isBlank()) {
            received(text);
          }
        } else {
          refused(message, response.statusCode(), String.join("\n", body.toList()));
        }
      }
    } catch (IOException e) {
      failed(message, "could not reach " + url + ": " + e);
    } catch (UncheckedIOException e) { // the stream broke off: cancelled by us, or the server went
      boolean ours = message instanceof Request r && cancelled.remove(r.id());
      if (!ours && !closed.get()) {
        resumeIfCutOff(message, lastEvent.get(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } finally {
      if (message instanceof Request r) {
        inFlight.remove(r.id());
      }
    }
  }

  /**
   * The session's standalone GET stream: what the server sends outside any request (list changes,
   * its own requests). Opened once the session is initialised; a server without one (405) is fine.
   */
  private void listen() {
    follow(null, null);
  }

  /**
   * Follows a GET stream of the session, resuming it after {@code lastId} when given, a few times
   * if it breaks: the standalone stream ({@code awaiting} null), or the rest of a POST's stream
   * that broke off before its answer ({@code awaiting}: the request), until that answer came.
   *
   * @return whether the awaited answer came (true when none is awaited)
   */
  private boolean follow(String lastId, Id awaiting) {
    AtomicReference<String> last = new AtomicReference<>(lastId);
    for (int attempt = 0; attempt < FOLLOW_ATTEMPTS && !closed.get(); attempt++) {
      if (awaiting != null && !unanswered.contains(awaiting)) {
        return true;
      }
      HttpRequest.Builder get =
          HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
      get.header("Mcp-Session-Id", sessionId);
      if (protocolVersion != null) {
        get.header("MCP-Protocol-Version", protocolVersion);
      }
      if (last.get() != null) {
        get.header("Last-Event-ID", last.get());
      }
      try {
        HttpResponse<Stream<String>> response =
            http.send(get.build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
          if (response.statusCode() != 200) {
            break; // no GET stream here (405), or not for us: the session goes on without
          }
          if (awaiting == null) {
            listening = body;
          }
          ServerSentEvents.read(body, this::received, last::set);
        }
      } catch (IOException | UncheckedIOException e) {
        // broken off: resume
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return awaiting == null || !unanswered.contains(awaiting);
  }

  /**
   * A session's request whose stream ended before its answer: resumed with GET and {@code
   * Last-Event-ID} (the server may close a stream mid-call and expect that); an error for the
   * request when that cannot bring the answer.
   */
  private void resumeIfCutOff(JsonRpcMessage message, String lastEvent, Exception broke) {
    if (!(message instanceof Request r) || !unanswered.contains(r.id()) || closed.get()) {
      return;
    }
    boolean answered = sessionId != null && lastEvent != null && follow(lastEvent, r.id());
    if (!answered) {
      failed(
          message,
          "the answer from "
              + url
              + " broke off"
              + (broke == null ? "" : ": " + broke.getCause())
              + (lastEvent == null
                  ? ""
                  : " (resuming after event " + lastEvent + " did not bring it)"));
    }
  }

  /** An HTTP error: its JSON-RPC error body when it has one, else one made of the status. */
  private void refused(JsonRpcMessage message, int status, String body) {
    try {
      JsonRpcMessage answer = JsonRpcMessage.parse(body);
      if (answer instanceof Response refusal) {
        if (message instanceof Request r) {
          unanswered.remove(r.id());
        }
        deliver(refusal);
        return;
      }
    } catch (MalformedMessageException notJsonRpc) {
      // a plain-text error, as Wassette gives for a wrong session
    }
    failed(message, "HTTP " + status + " from " + url + ": " + body.strip());
  }

  /** A request that got no answer gets an error, so that no caller waits for its timeout. */
  private void failed(JsonRpcMessage message, String why) {
    if (message instanceof Request request) {
      unanswered.remove(request.id());
      deliver(Response.error(request.id(), Response.INTERNAL_ERROR, why, null));
    } else {
      problem(new ProtocolProblem(ProtocolProblem.Kind.NOT_JSON_RPC, why, message.toLine()));
    }
  }

  private void received(String text) {
    JsonRpcMessage message;
    try {
      message = JsonRpcMessage.parse(text);
    } catch (MalformedMessageException e) {
      problem(new ProtocolProblem(ProtocolProblem.Kind.NOT_JSON, "not a JSON-RPC message", text));
      return;
    }
    if (message instanceof Response r && r.hasId()) {
      unanswered.remove(r.id());
    }
    if (message instanceof Response r && r.hasId() && initializing.remove(r.id())) {
      r.result()
          .map(result -> result.path("protocolVersion"))
          .filter(JsonNode::isTextual)
          .ifPresent(v -> protocolVersion = v.asText());
    }
    deliver(message);
  }

  private void deliver(JsonRpcMessage message) {
    dispatch(l -> l.onMessage(message));
  }

  private void problem(ProtocolProblem problem) {
    dispatch(l -> l.onProblem(problem));
  }

  private void dispatch(Consumer<Listener> call) {
    try {
      delivery.execute(
          () -> {
            Listener l = listener;
            if (l != null && !closed.get()) {
              call.accept(l);
            }
          });
    } catch (RejectedExecutionException closing) {
      // closed: nothing is delivered any more
    }
  }

  @Override
  public String diagnostics() {
    return "MCP server at "
        + url
        + (sessionId == null ? "" : " (session " + sessionId + ")")
        + ". "
        + diagnostics.get();
  }

  /**
   * The server is gone (e.g. its process exited): the session ends with this reason, as a stdio
   * stream's end would end it; nothing more is sent or delivered.
   */
  public void serverGone(String reason) {
    if (closed.compareAndSet(false, true)) {
      end(reason);
    }
  }

  /** Ends the session (DELETE, as the spec asks of a client that leaves) and stops delivering. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    posts.shutdownNow(); // nothing more goes out but the DELETE: no GET stream opens after it
    Stream<String> get = listening;
    if (get != null) {
      get.close();
    }
    String session = sessionId;
    if (session != null) {
      try {
        http.send(
            HttpRequest.newBuilder(url)
                .timeout(CONNECT)
                .header("Mcp-Session-Id", session)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        // the server is gone already
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    end("closed");
  }

  private void end(String reason) {
    posts.shutdownNow();
    delivery.execute(
        () -> {
          Listener l = listener;
          if (l != null) {
            l.onClosed(reason);
          }
        });
    delivery.shutdown();
  }
}
