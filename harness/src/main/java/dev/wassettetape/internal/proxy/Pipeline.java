package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.Direction;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.MalformedMessageException;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.Mailbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A proxy's interceptors, and each message's way through them ({@link Interceptor} has the
 * contract): client messages first to last, server messages last to first, then to where the
 * message goes ({@link Ends}). Runs under the proxy's dispatch lock, which a chain handled later,
 * from another thread, takes again.
 */
final class Pipeline {

  /** Looked up when there is something to say: java.util.logging costs ~50 ms to start. */
  private static Logger log() {
    return Logger.getLogger(Pipeline.class.getName());
  }

  /** Where a message ends up, decided by the proxy before it sets out. */
  interface Ends {
    /** It passed every interceptor (as it is now, with these headers). */
    void deliver(JsonRpcMessage message, Map<String, List<String>> headers);

    /** A client request was answered by an interceptor: its answer's way back to the client. */
    default Ends answered() {
      throw new IllegalStateException("only a client request can be answered");
    }

    /** An interceptor sends text in its place. */
    void malformed(String text);

    /** An interceptor fails the client as a crashed server would. */
    void crash(String reason);
  }

  /** What a message is about: its anchor, and the request of a tools/call it is part of. */
  record About(Anchor anchor, String method, JsonNode requestParams) {}

  private final List<Interceptor> interceptors;
  private final Object lock;
  private final ScheduledExecutorService timer;

  Pipeline(List<Interceptor> interceptors, Object lock, ScheduledExecutorService timer) {
    this.interceptors = List.copyOf(interceptors);
    this.lock = lock;
    this.timer = timer;
  }

  /** Sends a message on its way from the client (first interceptor first). */
  void fromClient(JsonRpcMessage message, Map<String, List<String>> headers, About about, Ends e) {
    step(0, Direction.CLIENT_TO_SERVER, message, headers, about, e);
  }

  /** Sends a message on its way from the server (last interceptor first). */
  void fromServer(JsonRpcMessage message, About about, Ends ends) {
    step(interceptors.size() - 1, Direction.SERVER_TO_CLIENT, message, Map.of(), about, ends);
  }

  private void step(
      int index,
      Direction direction,
      JsonRpcMessage message,
      Map<String, List<String>> headers,
      About about,
      Ends ends) {
    if (index < 0 || index >= interceptors.size()) {
      ends.deliver(message, headers);
      return;
    }
    Link link = new Link(index, direction, message, headers, about, ends);
    Interceptor interceptor = interceptors.get(index);
    try {
      interceptor.intercept(link);
    } catch (RuntimeException e) {
      link.failed(interceptor, e);
    }
  }

  /** One message at one interceptor. */
  private final class Link implements Interceptor.Chain {
    private final int index;
    private final Direction direction;
    private final JsonRpcMessage message;
    private final Map<String, List<String>> headers;
    private final About about;
    private final Ends ends;
    private final AtomicBoolean handled = new AtomicBoolean();

    Link(
        int index,
        Direction direction,
        JsonRpcMessage message,
        Map<String, List<String>> headers,
        About about,
        Ends ends) {
      this.index = index;
      this.direction = direction;
      this.message = message;
      this.headers = headers;
      this.about = about;
      this.ends = ends;
    }

    /** The message as the proxy holds it, without copying: for the harness's own interceptors. */
    JsonRpcMessage jsonRpc() {
      return message;
    }

    Anchor anchor() {
      return about.anchor();
    }

    @Override
    public Direction direction() {
      return direction;
    }

    @Override
    public Kind kind() {
      return message instanceof Request
          ? Kind.REQUEST
          : message instanceof Notification ? Kind.NOTIFICATION : Kind.RESPONSE;
    }

    @Override
    public String method() {
      if (message instanceof Request r) {
        return r.method();
      }
      if (message instanceof Notification n) {
        return n.method();
      }
      return about.method() == null ? "" : about.method();
    }

    @Override
    public Optional<String> tool() {
      if (!"tools/call".equals(method()) || kind() == Kind.NOTIFICATION) {
        return Optional.empty();
      }
      return Optional.ofNullable(params())
          .map(p -> p.path("name"))
          .filter(JsonNode::isTextual)
          .map(JsonNode::asText);
    }

    @Override
    public JsonNode arguments() {
      JsonNode params = tool().isPresent() ? params() : null;
      return params == null ? MissingNode.getInstance() : params.path("arguments");
    }

    private JsonNode params() {
      return message instanceof Request r ? r.jsonView().get("params") : about.requestParams();
    }

    @Override
    public Optional<String> chapter() {
      return Optional.ofNullable(about.anchor().chapter());
    }

    @Override
    public ObjectNode message() {
      return message.json();
    }

    @Override
    public Map<String, List<String>> headers() {
      return headers;
    }

    private void handle() {
      if (!handled.compareAndSet(false, true)) {
        throw new IllegalStateException(
            "this message was already handled: an interceptor passes on, answers, drops, replaces"
                + " or crashes each message exactly once");
      }
    }

    @Override
    public void proceed() {
      handle();
      next(message, headers);
    }

    @Override
    public void proceed(ObjectNode changed) {
      proceed(changed, headers);
    }

    @Override
    public void proceed(ObjectNode changed, Map<String, List<String>> newHeaders) {
      JsonRpcMessage replacement = parse(changed);
      if (replacement.getClass() != message.getClass()) {
        throw new IllegalArgumentException(
            "an interceptor may change a message but not its kind: a "
                + kind().name().toLowerCase(java.util.Locale.ROOT)
                + " became "
                + Json.text(changed));
      }
      handle();
      next(replacement, Map.copyOf(newHeaders));
    }

    @Override
    public void proceedAfter(Duration delay) {
      handle();
      timer.schedule(() -> next(message, headers), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void next(JsonRpcMessage m, Map<String, List<String>> h) {
      locked(
          () ->
              step(
                  direction == Direction.CLIENT_TO_SERVER ? index + 1 : index - 1,
                  direction,
                  m,
                  h,
                  about,
                  ends));
    }

    /**
     * Under the dispatch lock, in a {@link Mailbox#loop}: a chain handled later, on any thread,
     * sends what it sends once the lock is released, as the dispatch does.
     */
    private void locked(Runnable step) {
      Mailbox.loop(
          () -> {
            synchronized (lock) {
              step.run();
            }
          },
          false);
    }

    @Override
    public void answer(ObjectNode response) {
      if (!(message instanceof Request request) || direction != Direction.CLIENT_TO_SERVER) {
        throw new IllegalStateException("only a client request can be answered; this is " + this);
      }
      ObjectNode json = response.deepCopy();
      json.put("jsonrpc", "2.0");
      json.set("id", request.id().value());
      if (!(parse(json) instanceof Response answer)) {
        throw new IllegalArgumentException(
            "an answer holds a result or an error: " + Json.text(response));
      }
      handle();
      locked(
          () ->
              step(
                  index - 1, Direction.SERVER_TO_CLIENT, answer, Map.of(), about, ends.answered()));
    }

    @Override
    public void drop() {
      handle();
    }

    @Override
    public void sendMalformed(String text) {
      handle();
      locked(() -> ends.malformed(text));
    }

    @Override
    public void crash(String reason) {
      handle();
      locked(() -> ends.crash(reason));
    }

    /**
     * The interceptor threw: fail closed. A request gets an error answer naming the interceptor;
     * anything else is dropped, and logged.
     */
    void failed(Interceptor interceptor, RuntimeException e) {
      if (handled.get()) {
        log().log(Level.WARNING, "wassette-tape: interceptor " + interceptor + " threw", e);
        return;
      }
      String what =
          "wassette-tape: interceptor "
              + interceptor.getClass().getName()
              + " failed on "
              + this
              + ": "
              + e;
      log().log(Level.WARNING, what + "; the message is not passed on", e);
      handled.set(true);
      if (message instanceof Request request) {
        Response error = Response.error(request.id(), Response.INTERNAL_ERROR, what, null);
        if (direction == Direction.CLIENT_TO_SERVER) {
          step(index - 1, Direction.SERVER_TO_CLIENT, error, Map.of(), about, ends.answered());
        }
      } else if (message instanceof Response response && response.hasId()) {
        ends.deliver(Response.error(response.id(), Response.INTERNAL_ERROR, what, null), headers);
      }
    }

    private JsonRpcMessage parse(ObjectNode json) {
      try {
        return JsonRpcMessage.of(json);
      } catch (MalformedMessageException e) {
        throw new IllegalArgumentException(
            "not a JSON-RPC message: "
                + e.getMessage()
                + " in "
                + Json.text(json)
                + " (to send garbage on purpose, use sendMalformed)",
            e);
      }
    }

    @Override
    public String toString() {
      return direction == Direction.CLIENT_TO_SERVER
          ? "client " + kind().name().toLowerCase(java.util.Locale.ROOT) + " " + method()
          : "server " + kind().name().toLowerCase(java.util.Locale.ROOT) + " " + method();
    }
  }

  /** The message at a chain of the harness's own interceptors, without copying it. */
  static JsonRpcMessage messageOf(Interceptor.Chain chain) {
    return ((Link) chain).jsonRpc();
  }

  /** Where the message at a chain of the harness's own interceptors belongs. */
  static Anchor anchorOf(Interceptor.Chain chain) {
    return ((Link) chain).anchor();
  }
}
