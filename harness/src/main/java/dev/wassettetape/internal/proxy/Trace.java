package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.TapeFile;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The live trace: every message through the proxy as it passes, pretty and redacted, with the time
 * since the session began, the chapter it belongs to and, for an answer, how long its request took.
 * An observer: it changes nothing. Asked for with {@value #PROPERTY}{@code =true} (the extension)
 * or {@code --trace} (the CLI); off by default. Called on the proxy's dispatch thread only.
 */
public final class Trace implements Interceptor {

  /** The system property (or JUnit configuration parameter) that turns the trace on. */
  public static final String PROPERTY = "wassette.tape.trace";

  /** Lines of JSON shown per message; the rest is elided. */
  static final int MAX_LINES = 40;

  private final PrintStream out;
  private final Secrets secrets;
  private final String session;
  private final long began = System.nanoTime();
  private final Map<String, Long> pending = new HashMap<>(); // direction + id -> started

  /** A trace of one proxy's session, named {@code session} in each line, to {@code out}. */
  public Trace(PrintStream out, Secrets secrets, String session) {
    this.out = out;
    this.secrets = secrets;
    this.session = session;
  }

  @Override
  public void observe(Direction direction, JsonRpcMessage message, Anchor anchor) {
    long now = System.nanoTime();
    StringBuilder line = new StringBuilder("[wassette-tape trace ").append(session);
    line.append(" +").append(millis(now - began)).append(" ms] ");
    line.append(anchor.isHandshake() ? "handshake" : "chapter '" + anchor.chapter() + "'");
    line.append(
        direction == Direction.CLIENT_TO_SERVER ? " client → server: " : " server → client: ");
    if (message instanceof Request request) {
      pending.put(direction + " " + request.id(), now);
      line.append(request.method());
      request
          .params()
          .map(p -> p.path("name"))
          .filter(JsonNode::isTextual)
          .ifPresent(name -> line.append(' ').append(name.asText()));
      line.append(" #").append(request.id());
    } else if (message instanceof Response response) {
      Direction asked =
          direction == Direction.CLIENT_TO_SERVER
              ? Direction.SERVER_TO_CLIENT
              : Direction.CLIENT_TO_SERVER;
      Long started = pending.remove(asked + " " + response.id());
      line.append(response.result().isPresent() ? "result" : "error")
          .append(" #")
          .append(response.id());
      if (started != null) {
        line.append(" after ").append(millis(now - started)).append(" ms");
      }
    } else if (message instanceof Notification notification) {
      line.append(notification.method());
    }
    line.append('\n').append(pretty(secrets.redact(message.json())));
    synchronized (out) {
      out.print(line);
      out.flush();
    }
  }

  private static String pretty(JsonNode json) {
    String[] lines = TapeFile.pretty(json).split("\n");
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < Math.min(lines.length, MAX_LINES); k++) {
      text.append("    ").append(lines[k]).append('\n');
    }
    if (lines.length > MAX_LINES) {
      text.append("    … ").append(lines.length - MAX_LINES).append(" more lines\n");
    }
    return text.toString();
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
