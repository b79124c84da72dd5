package dev.wassettetape.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import dev.wassettetape.internal.transport.Mailbox;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small MCP client over any {@link Transport}. Requests get small increasing integer ids
 * (Wassette ends a session on ids it cannot parse), answers are matched by id so they may arrive in
 * any order, and every call has a timeout, which the request's progress notifications start again
 * (up to {@value #MAX_TIMEOUTS} timeouts). It answers {@code ping}, and {@code roots/list}, {@code
 * sampling/createMessage} and {@code elicitation/create} through the handlers set. Thread-safe.
 *
 * <pre>{@code
 * try (McpClient client = new McpClient(transport, Duration.ofSeconds(30))) {
 *   client.initialize();
 *   ToolResult r = client.callTool("get-weather", Map.of("city", "Oslo"));
 * }
 * }</pre>
 */
public final class McpClient implements AutoCloseable {

  /** The MCP protocol versions this client speaks, newest first; it offers the first. */
  public static final List<String> PROTOCOL_VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  private final Transport transport;
  private final Duration timeout;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Id, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
  private final Set<Id> waitedFor = ConcurrentHashMap.newKeySet(); // by request(): no user code
  // what runs its user's code (listeners, handlers, the answers of started requests): in arrival
  // order, never on a thread that reads a server others depend on
  private final Mailbox userCode = new Mailbox(false);
  private final List<Consumer<Notification>> notificationListeners = new CopyOnWriteArrayList<>();
  private final List<ProtocolProblem> problems = new CopyOnWriteArrayList<>();
  private volatile String closedReason;
  private volatile String offeredVersion = PROTOCOL_VERSIONS.get(0);
  private volatile boolean stateless;
  private volatile String protocolVersion;
  private final ServerRequests serverRequests = new ServerRequests();
  private final Map<JsonNode, Long> progressAt =
      new ConcurrentHashMap<>(); // token -> last progress

  /** However much progress it reports, a request times out after this many timeouts. */
  public static final int MAX_TIMEOUTS = 10;

  private volatile Secrets secrets = Secrets.NONE;

  /**
   * Redacts these secrets from the errors it throws: a live server's error message may quote a
   * credential, and test failures are read in public CI logs.
   */
  public McpClient redacting(Secrets secrets) {
    this.secrets = secrets;
    return this;
  }

  public McpClient(Transport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
    transport.start(
        new Transport.Listener() {
          /** Quick: whatever runs its user's code is handed to {@link #userCode}. */
          @Override
          public boolean quick() {
            return true;
          }

          @Override
          public void onMessage(JsonRpcMessage message) {
            if (message instanceof Response r
                && r.hasId()
                && waitedFor.contains(r.id())
                && userCode.isIdle()) { // nothing heard before it is still to be handled
              CompletableFuture<Response> waiting = pending.remove(r.id());
              if (waiting != null) {
                waiting.complete(r); // wakes request()'s caller, runs nothing of anyone's
              }
              return;
            }
            userCode.post(() -> dispatch(message));
          }

          @Override
          public void onProblem(ProtocolProblem problem) {
            problems.add(problem);
          }

          @Override
          public void onClosed(String reason) {
            closedReason = reason;
            SessionClosedException failure =
                new SessionClosedException(
                    "MCP session ended (" + reason + "). " + transport.diagnostics());
            userCode.post(() -> pending.values().forEach(f -> f.completeExceptionally(failure)));
          }
        });
  }

  private void dispatch(JsonRpcMessage message) {
    if (message instanceof Response response && !response.hasId()) {
      problems.add(
          new ProtocolProblem(
              ProtocolProblem.Kind.NOT_JSON_RPC,
              "the server could not read a request of ours",
              message.toLine()));
    } else if (message instanceof Response response) {
      CompletableFuture<Response> waiting = pending.remove(response.id());
      if (waiting != null) {
        waiting.complete(response);
      }
    } else if (message instanceof Notification notification) {
      if (notification.method().equals("notifications/progress")) {
        notification
            .params()
            .map(p -> p.get("progressToken"))
            .ifPresent(token -> progressAt.replace(token, System.nanoTime()));
      }
      notificationListeners.forEach(l -> l.accept(notification));
    } else if (message instanceof Request request) {
      try {
        transport.send(serverRequests.answer(request));
      } catch (IOException e) {
        problems.add(
            new ProtocolProblem(
                ProtocolProblem.Kind.NOT_JSON_RPC,
                "could not answer " + request.method(),
                e.toString()));
      }
    }
  }

  /** Answers the server's {@code roots/list} with these roots; announces {@code roots}. */
  public McpClient roots(Supplier<JsonNode> roots) {
    serverRequests.roots(roots);
    return this;
  }

  /**
   * Answers the server's {@code sampling/createMessage}: the handler gets its params and returns
   * its result; announces {@code sampling}.
   */
  public McpClient sampling(Function<JsonNode, JsonNode> handler) {
    serverRequests.handle("sampling/createMessage", handler);
    return this;
  }

  /**
   * Answers the server's {@code elicitation/create}: the handler gets its params and returns its
   * result (e.g. {@code {"action":"accept","content":{...}}}); announces {@code elicitation}.
   */
  public McpClient elicitation(Function<JsonNode, JsonNode> handler) {
    serverRequests.handle("elicitation/create", handler);
    return this;
  }

  /**
   * The protocol version {@link #initialize} offers; the newest the client speaks by default. The
   * server may choose another it speaks.
   */
  public McpClient offerProtocolVersion(String version) {
    if (!PROTOCOL_VERSIONS.contains(version)) {
      throw new IllegalArgumentException(
          "protocol " + version + " is not one of " + PROTOCOL_VERSIONS);
    }
    this.offeredVersion = version;
    return this;
  }

  /**
   * Speaks the stateless protocol ({@value Stateless#VERSION}) instead of a session: {@link
   * #initialize} asks {@code server/discover}, and every request carries the protocol version and
   * the client's capabilities in its {@code _meta}. Over Streamable HTTP each request is then a
   * POST of its own, without a session.
   */
  public McpClient stateless() {
    this.stateless = true;
    return this;
  }

  /** The protocol version the server chose; null before {@link #initialize}. */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** Performs the handshake, announcing the capabilities of the handlers set. */
  public JsonNode initialize() {
    return initialize(serverRequests.capabilities());
  }

  /**
   * Performs the handshake: {@code initialize} with the given client capabilities (e.g. {@code
   * {"roots":{"listChanged":true}}}), then {@code notifications/initialized}. Returns the result.
   *
   * @throws McpException when the server chose a protocol version this client does not speak
   */
  public JsonNode initialize(JsonNode capabilities) {
    if (stateless) {
      JsonNode described = resultOf(request(Stateless.DISCOVER, null));
      protocolVersion = Stateless.VERSION;
      return described;
    }
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("protocolVersion", offeredVersion);
    params.set("capabilities", capabilities);
    ObjectNode info = params.putObject("clientInfo");
    info.put("name", "wassette-tape");
    info.put("version", Version.HARNESS);
    JsonNode result = resultOf(request("initialize", params));
    String chosen = result.path("protocolVersion").asText();
    if (!PROTOCOL_VERSIONS.contains(chosen)) {
      throw new McpException(
          "the server chose MCP protocol '"
              + chosen
              + "', which this client does not speak (it speaks "
              + PROTOCOL_VERSIONS
              + ")");
    }
    protocolVersion = chosen;
    notify("notifications/initialized", null);
    return result;
  }

  /** {@code tools/list}: the {@code tools} array of the answer. */
  public JsonNode listTools() {
    return resultOf(request("tools/list", JsonNodeFactory.instance.objectNode())).path("tools");
  }

  /** {@code tools/call} with the given arguments (an empty object when null). */
  public ToolResult callTool(String name, Map<String, ?> arguments) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("name", name);
    params.set(
        "arguments",
        arguments == null ? JsonNodeFactory.instance.objectNode() : Json.tree(arguments));
    return ToolResult.of(resultOf(request("tools/call", params)));
  }

  /**
   * Sends any request and waits for its response (result or error).
   *
   * @throws McpTimeoutException when no answer comes within the timeout
   * @throws SessionClosedException when the session ends before the answer
   */
  public Response request(String method, JsonNode params) {
    Id id = Id.of(nextId.getAndIncrement());
    CompletableFuture<Response> answer = new CompletableFuture<>();
    pending.put(id, answer);
    waitedFor.add(id);
    try {
      if (closedReason != null) {
        throw new SessionClosedException(
            "MCP session already ended (" + closedReason + "). " + transport.diagnostics());
      }
      JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
      if (token != null) {
        progressAt.put(token, System.nanoTime());
      }
      transport.send(Request.of(id, method, withMeta(params)));
      return await(answer, token);
    } catch (IOException e) {
      throw new SessionClosedException(
          "could not send " + method + ": " + e.getMessage() + ". " + transport.diagnostics());
    } catch (TimeoutException e) {
      throw new McpTimeoutException(
          "no answer to "
              + method
              + " (id "
              + id
              + ") within "
              + timeout.toMillis()
              + " ms (of silence, or "
              + MAX_TIMEOUTS
              + " times that with progress); the server may have ended the session without a word. "
              + transport.diagnostics());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new McpException(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpException("interrupted while waiting for " + method);
    } finally {
      pending.remove(id);
      waitedFor.remove(id);
      if (params != null && params.path("_meta").has("progressToken")) {
        progressAt.remove(params.path("_meta").get("progressToken"));
      }
    }
  }

  /**
   * Waits for an answer for the timeout, which each progress notification of the request's token
   * starts again, up to {@value #MAX_TIMEOUTS} timeouts in all.
   */
  private Response await(CompletableFuture<Response> answer, JsonNode token)
      throws ExecutionException, InterruptedException, TimeoutException {
    long start = System.nanoTime();
    long limit = start + timeout.toNanos() * MAX_TIMEOUTS;
    while (true) {
      long since = token == null ? start : progressAt.getOrDefault(token, start);
      long wait = Math.min(since + timeout.toNanos(), limit) - System.nanoTime();
      if (wait <= 0) {
        throw new TimeoutException();
      }
      try {
        return answer.get(wait, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // progress may have come meanwhile: look again
      }
    }
  }

  /** A request sent and not yet answered: its id, and its answer to come. */
  public record Pending(Id id, CompletableFuture<Response> answer) {}

  /** Sends a request without waiting for its answer (which {@link #cancel} may give up on). */
  public Pending start(String method, JsonNode params) {
    Id id = Id.of(nextId.getAndIncrement());
    CompletableFuture<Response> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      transport.send(Request.of(id, method, withMeta(params)));
    } catch (IOException e) {
      pending.remove(id);
      answer.completeExceptionally(
          new SessionClosedException("could not send " + method + ": " + e.getMessage()));
    }
    return new Pending(id, answer);
  }

  /**
   * Cancels a started request ({@code notifications/cancelled}); its answer, should one still come,
   * is ignored.
   */
  public void cancel(Pending request, String reason) {
    pending.remove(request.id());
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.set("requestId", request.id().value());
    if (reason != null) {
      params.put("reason", reason);
    }
    notify("notifications/cancelled", params);
    request.answer().cancel(false);
  }

  /** A stateless client's params carry the protocol and its capabilities; others as they are. */
  private JsonNode withMeta(JsonNode params) {
    return stateless ? Stateless.withMeta(params, serverRequests.capabilities()) : params;
  }

  /** Sends a notification. */
  public void notify(String method, JsonNode params) {
    try {
      transport.send(Notification.of(method, params));
    } catch (IOException e) {
      throw new SessionClosedException(
          "could not send " + method + ": " + e.getMessage() + ". " + transport.diagnostics());
    }
  }

  /**
   * Listens to server notifications, in arrival order: before the answer to a request that came
   * after them is returned.
   */
  public void onNotification(Consumer<Notification> listener) {
    notificationListeners.add(listener);
  }

  /** Answers server-to-client requests such as {@code roots/list}. Default: method not found. */
  public void onServerRequest(Function<Request, Response> handler) {
    serverRequests.otherwise(handler);
  }

  /** Non-message lines the server sent so far (e.g. stray stdout of a component). */
  public List<ProtocolProblem> problems() {
    return List.copyOf(problems);
  }

  private JsonNode resultOf(Response response) {
    if (response.isError()) { // a server's error may quote a credential it was given
      throw new McpErrorException(secrets.redact(response.error().orElseThrow()));
    }
    return response.result().orElseThrow();
  }

  @Override
  public void close() {
    transport.close();
  }
}
