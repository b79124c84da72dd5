package dev.wassettetape.intercept;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.TapeFile;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The live trace (built-in): every message as the client sends and receives it, pretty and
 * redacted, with the time since the session began, the chapter it belongs to and, for an answer,
 * how long its request took. It changes nothing. The harness puts it outermost, so it shows what
 * the client sees, injected faults included; secrets and the fields a {@link TokenStripper} strips
 * are never printed. Asked for with {@value #PROPERTY}{@code =true} (the extension) or {@code
 * --trace} (the CLI); off by default.
 */
public final class Trace implements Interceptor {

  /** The system property (or JUnit configuration parameter) that turns the trace on. */
  public static final String PROPERTY = "wassette.tape.trace";

  /** Lines of JSON shown per message; the rest is elided. */
  static final int MAX_LINES = 40;

  private final PrintStream out;
  private final Secrets secrets;
  private final UnaryOperator<ObjectNode> hide;
  private final String session;
  private final long began = System.nanoTime();
  private final Map<String, Long> pending = new ConcurrentHashMap<>(); // direction + id -> start

  /** A trace of the session named {@code session} to {@code out}, hiding these secrets. */
  public Trace(PrintStream out, Secrets secrets, String session) {
    this(out, secrets, session, UnaryOperator.identity());
  }

  /**
   * A trace that also hides what {@code hide} takes out of a client's message (e.g. {@link
   * TokenStripper#strip}) before printing it.
   */
  public Trace(PrintStream out, Secrets secrets, String session, UnaryOperator<ObjectNode> hide) {
    this.out = out;
    this.secrets = secrets;
    this.session = session;
    this.hide = hide;
  }

  @Override
  public void intercept(Chain chain) {
    long now = System.nanoTime();
    ObjectNode message = chain.message();
    if (chain.direction() == Direction.CLIENT_TO_SERVER) {
      message = hide.apply(message);
    }
    StringBuilder line = new StringBuilder("[wassette-tape trace ").append(session);
    line.append(" +").append(millis(now - began)).append(" ms] ");
    line.append(chain.chapter().map(c -> "chapter '" + c + "'").orElse("handshake"));
    line.append(
        chain.direction() == Direction.CLIENT_TO_SERVER
            ? " client → server: "
            : " server → client: ");
    String id = message.path("id").toString();
    switch (chain.kind()) {
      case REQUEST -> {
        pending.put(chain.direction() + " " + id, now);
        line.append(chain.method());
        chain.tool().ifPresent(tool -> line.append(' ').append(tool));
        line.append(" #").append(id);
      }
      case RESPONSE -> {
        Direction asked =
            chain.direction() == Direction.CLIENT_TO_SERVER
                ? Direction.SERVER_TO_CLIENT
                : Direction.CLIENT_TO_SERVER;
        Long started = pending.remove(asked + " " + id);
        line.append(message.has("result") ? "result" : "error").append(" #").append(id);
        if (started != null) {
          line.append(" after ").append(millis(now - started)).append(" ms");
        }
      }
      case NOTIFICATION -> line.append(chain.method());
    }
    line.append('\n').append(pretty(secrets.redact(message)));
    synchronized (out) {
      out.print(line);
      out.flush();
    }
    chain.proceed();
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
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
