package dev.wassettetape.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One MCP session of a client of the {@link HttpEndpoint}, as a {@link Transport}: what the client
 * POSTs is delivered to the listener in arrival order, on a thread of the session's own; what is
 * sent to it goes where Streamable HTTP puts it.
 *
 * <ul>
 *   <li>An answer goes on the stream of the POST that carried its request, and ends it: as a JSON
 *       body when nothing went before it and the client accepts JSON, else as the stream's last
 *       event.
 *   <li>A notification or server request goes on the stream of the request it belongs to (the one
 *       whose {@code progressToken} it carries, else the latest still open); with none open, on the
 *       standalone GET stream, or it waits for one (bounded).
 *   <li>Every event has an id ({@code <stream>/<n>}) and is kept a while (bounded), so a client
 *       that lost a stream reconnects with GET and {@code Last-Event-ID} and gets what it missed,
 *       and the rest of that stream (a POST's answer, too) comes on the new one.
 * </ul>
 */
final class HttpSession implements Transport {

  private static final int KEPT = 1000;
  private static final String GET = "get";

  private final String id;
  private final String where;
  private final Consumer<HttpSession> onClosed;
  private final ExecutorService delivery;
  private final Map<Id, Stream> byRequest = new HashMap<>();
  private final Map<String, Stream> streams = new HashMap<>(); // by name, while open
  private final Deque<Stream> open = new ArrayDeque<>(); // POST streams waiting for answers
  private final Deque<JsonRpcMessage> backlog = new ArrayDeque<>(); // for a GET stream to come
  private final LinkedHashMap<String, JsonRpcMessage> sent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonRpcMessage> eldest) {
          return size() > KEPT;
        }
      };
  private final Stream standalone = new Stream(GET, null);
  private int posts;
  private boolean closed;
  private boolean endsWithItsAnswer;
  private volatile String protocolVersion;
  private volatile Listener listener;

  /** A logical stream: a POST's, or the GET one; its HTTP response may change on resumption. */
  private static final class Stream {
    final String name;
    final String progressToken;
    final List<Id> waiting = new ArrayList<>();
    HttpStream http;
    int events;

    Stream(String name, String progressToken) {
      this.name = name;
      this.progressToken = progressToken;
    }

    boolean live() {
      return http != null && !http.ended();
    }
  }

  HttpSession(String id, String where, Consumer<HttpSession> onClosed) {
    this.id = id;
    this.where = where;
    this.onClosed = onClosed;
    this.delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wassette-tape-http-session " + id);
              t.setDaemon(true);
              return t;
            });
  }

  String id() {
    return id;
  }

  /** The protocol version the session negotiated; null before the answer to initialize. */
  String protocolVersion() {
    return protocolVersion;
  }

  /** A stateless request's session: it ends once its one request is answered. */
  synchronized void endsWithItsAnswer() {
    endsWithItsAnswer = true;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  /** A POSTed request: its answer (and what belongs to it) goes to {@code http}. */
  void request(Request request, HttpStream http, Map<String, List<String>> headers) {
    JsonNode token = request.jsonView().path("params").path("_meta").path("progressToken");
    synchronized (this) {
      if (closed) {
        http.end(404, HttpEndpoint.error("Not Found: the session has ended"));
        return;
      }
      Stream stream =
          new Stream(Integer.toString(++posts), token.isMissingNode() ? null : token.asText());
      stream.http = http;
      stream.waiting.add(request.id());
      byRequest.put(request.id(), stream);
      streams.put(stream.name, stream);
      open.addLast(stream);
    }
    deliver(request, headers);
  }

  /**
   * The client closed a stateless request's stream before its answer: in the stateless protocol,
   * its cancellation. The listener hears {@code notifications/cancelled} for it, then the end.
   */
  void abandoned(Request request) {
    synchronized (this) {
      Stream stream = byRequest.remove(request.id());
      if (closed || stream == null) {
        return;
      }
      open.remove(stream);
      streams.remove(stream.name);
    }
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.set("requestId", request.id().value());
    params.put("reason", "the client closed the request's stream");
    deliver(Notification.of("notifications/cancelled", params), Map.of());
    close("the client closed the stateless request's stream");
  }

  /** A POSTed notification or response: accepted, nothing to answer. */
  void accept(JsonRpcMessage message, Map<String, List<String>> headers) {
    deliver(message, headers);
  }

  /**
   * A GET: the standalone stream, or with {@code Last-Event-ID} the resumption of the stream that
   * event was on (what came after it, then the rest of that stream).
   */
  synchronized void listen(HttpStream http, String lastEventId) {
    if (closed) {
      http.end(404, HttpEndpoint.error("Not Found: the session has ended"));
      return;
    }
    String name =
        lastEventId == null
            ? GET
            : lastEventId.substring(0, Math.max(0, lastEventId.lastIndexOf('/')));
    boolean ofAPost = name.matches("[1-9][0-9]{0,9}") && Long.parseLong(name) <= posts;
    Stream stream = ofAPost ? streams.get(name) : standalone; // an id not ours: the GET stream
    http.open(null);
    if (lastEventId != null) {
      int after = number(lastEventId);
      sent.forEach(
          (eventId, message) -> {
            if (eventId.startsWith(stream == standalone ? GET + "/" : name + "/")
                && number(eventId) > after) {
              http.event(eventId, message, false);
            }
          });
    }
    if (stream == null) { // a finished POST stream: all it had is above
      http.end(200, "");
      return;
    }
    if (stream.http != null) {
      stream.http.end(200, ""); // the one it replaces, if the client still holds it
    }
    stream.http = http;
    if (stream == standalone) {
      List<JsonRpcMessage> waiting = new ArrayList<>(backlog);
      backlog.clear();
      waiting.forEach(m -> emit(standalone, m, false));
    }
  }

  private static int number(String eventId) {
    try {
      return Integer.parseInt(eventId.substring(eventId.lastIndexOf('/') + 1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // not ours: nothing after it
    }
  }

  private void deliver(JsonRpcMessage message, Map<String, List<String>> headers) {
    try {
      delivery.execute(
          () -> {
            Listener l = listener;
            if (l != null) {
              l.onMessage(message, headers);
            }
          });
    } catch (RejectedExecutionException closing) {
      // the session ended meanwhile; the client hears 404 on its next request
    }
  }

  /** Garbage in place of a message, as an event on the oldest open stream (fault injection). */
  /** One client among the endpoint's others, written to with a wait for each write. */
  @Override
  public boolean mayStallOthers() {
    return true;
  }

  @Override
  public synchronized void sendRaw(String text) throws IOException {
    Stream stream = open.isEmpty() ? (standalone.live() ? standalone : null) : open.getFirst();
    if (closed || stream == null || stream.http == null) {
      throw new IOException(diagnostics() + ": no open stream to write to");
    }
    stream.http.raw(text);
  }

  @Override
  public synchronized void send(JsonRpcMessage message) throws IOException {
    if (closed) {
      throw new IOException(diagnostics() + " has ended");
    }
    if (message instanceof Response response && response.hasId()) {
      answer(response);
      return;
    }
    Stream stream = streamFor(message);
    if (stream != null) {
      emit(stream, message, false);
    } else if (standalone.live()) {
      emit(standalone, message, false);
    } else if (backlog.size() < KEPT) {
      backlog.addLast(message);
    }
  }

  private void answer(Response response) {
    Stream stream = byRequest.remove(response.id());
    if (stream == null) {
      return; // an answer to nobody we know: dropped
    }
    response
        .result()
        .map(r -> r.path("protocolVersion"))
        .filter(JsonNode::isTextual)
        .ifPresent(v -> protocolVersion = v.asText());
    stream.waiting.remove(response.id());
    boolean last = stream.waiting.isEmpty();
    if (last) {
      open.remove(stream);
      streams.remove(stream.name);
    }
    if (last && stream.events == 0 && stream.http != null && stream.http.canAnswerWithJson()) {
      stream.http.json(response);
    } else {
      emit(stream, response, last);
    }
    if (endsWithItsAnswer && open.isEmpty()) {
      close("the stateless request was answered");
    }
  }

  /** Sends on a stream with the stream's next event id, kept for resumption. */
  private void emit(Stream stream, JsonRpcMessage message, boolean last) {
    String eventId = stream.name + "/" + ++stream.events;
    sent.put(eventId, message);
    HttpStream http = stream.http;
    if (http != null && !http.ended()) {
      if (http.fresh()) {
        http.open(primes() ? stream.name + "/0" : null);
      }
      http.event(eventId, message, last);
    }
  }

  /** Whether the client's protocol knows priming events (an id, no data): 2025-11-25 on. */
  private boolean primes() {
    String version = protocolVersion;
    return version != null && version.compareTo("2025-11-25") >= 0;
  }

  /** The open POST stream a server notification or request belongs to; null for none. */
  private Stream streamFor(JsonRpcMessage message) {
    JsonNode token = message.jsonView().path("params").path("progressToken");
    if (!token.isMissingNode()) {
      for (Stream stream : open) {
        if (token.asText().equals(stream.progressToken)) {
          return stream;
        }
      }
    }
    return open.peekLast();
  }

  @Override
  public String diagnostics() {
    return "the HTTP client of session " + id + " at " + where;
  }

  @Override
  public void close() {
    close("the session was closed");
  }

  @Override
  public void close(String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      String body = HttpEndpoint.error("the MCP session ended before its answer: " + reason);
      open.forEach(s -> s.http.end(503, body));
      if (standalone.http != null) {
        standalone.http.end(200, "");
      }
      open.clear();
      byRequest.clear();
      streams.clear();
    }
    onClosed.accept(this);
    try {
      delivery.execute(
          () -> {
            Listener l = listener;
            if (l != null) {
              l.onClosed(reason);
            }
          });
    } catch (RejectedExecutionException already) {
      // closed twice
    }
    delivery.shutdown();
  }
}
