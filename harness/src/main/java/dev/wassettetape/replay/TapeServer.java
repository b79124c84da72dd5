package dev.wassettetape.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.jsonrpc.Id;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Notification;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake MCP server whose script is a tape: the replayer. It is a {@link Transport}, so it stands
 * wherever a live server would: behind the proxy, or directly in front of an {@code McpClient}.
 *
 * <p>It answers {@code initialize} from the handshake and then each request with the taped
 * interaction of the same method and params (ignoring the id, {@code _meta} and progress tokens;
 * secrets compare equal to their {@code <redacted:NAME>} placeholders), in recorded order among
 * equal requests. The response takes the live request's id; the interaction's events are emitted in
 * their recorded order around it. An unmatched request gets a JSON-RPC error carrying the near-miss
 * report, which is also kept in {@link #mismatches()}.
 */
public final class TapeServer implements Transport {

  /** The JSON-RPC error code of "no taped interaction matches". */
  public static final int NO_MATCH = -32001;

  private final Tape tape;
  private final Path tapeFile;
  private final String howToRecord;
  private final TapeIndex index;
  private final List<String> mismatches = new CopyOnWriteArrayList<>();
  private final ExecutorService out;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Listener listener;

  /**
   * @param tapeFile where the tape came from, for reports
   * @param howToRecord the command that re-records it, for reports
   */
  public TapeServer(Tape tape, Path tapeFile, Secrets secrets, String howToRecord) {
    this.tape = tape;
    this.tapeFile = tapeFile;
    this.howToRecord = howToRecord;
    this.index = new TapeIndex(tape, secrets);
    this.out =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wassette-tape-replay " + tape.name());
              t.setDaemon(true);
              return t;
            });
  }

  /** Reads the tape file and serves it. */
  public static TapeServer of(Path tapeFile, Secrets secrets, String howToRecord) {
    return new TapeServer(TapeFile.read(tapeFile), tapeFile, secrets, howToRecord);
  }

  public Tape tape() {
    return tape;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void send(JsonRpcMessage message) throws java.io.IOException {
    if (closed.get()) {
      throw new java.io.IOException("replay of " + tapeFile + " is closed");
    }
    List<JsonRpcMessage> answer;
    synchronized (index) {
      answer = answer(message);
    }
    out.execute(
        () -> {
          Listener l = listener;
          for (JsonRpcMessage m : answer) {
            if (l != null && !closed.get()) {
              l.onMessage(m);
            }
          }
        });
  }

  private List<JsonRpcMessage> answer(JsonRpcMessage message) {
    List<JsonRpcMessage> answer = new ArrayList<>();
    if (message instanceof Request request) {
      if ("initialize".equals(request.method())) {
        if (tape.handshake().response() != null) {
          answer.add(tape.handshake().response().toResponse(request.id()));
        }
        return answer;
      }
      JsonNode params = request.params().orElse(null);
      int k = index.take(false, request.method(), params);
      if (k < 0) {
        List<TapeIndex.NearMiss> nearest = index.nearest(request.method(), params, 3);
        String report = mismatchReport(request.method(), params, request.id(), nearest);
        mismatches.add(report);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("report", report);
        answer.add(
            Response.error(
                request.id(),
                NO_MATCH,
                "wassette-tape: no taped interaction matches "
                    + label(request.method(), params)
                    + nearestInShort(request.method(), nearest),
                data));
        return answer;
      }
      Interaction i = tape.interactions().get(k);
      JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
      i.events().stream()
          .filter(e -> !e.afterResponse())
          .forEach(e -> answer.add(toMessage(e, token)));
      answer.add(
          i.response() != null
              ? i.response().toResponse(request.id())
              : Response.error(
                  request.id(),
                  dev.wassettetape.proxy.McpProxy.SERVER_GONE,
                  "wassette-tape: the recorded session ended before "
                      + i.label()
                      + " was answered (interaction #"
                      + (k + 1)
                      + " of "
                      + tapeFile
                      + ")",
                  null));
      i.events().stream()
          .filter(Event::afterResponse)
          .forEach(e -> answer.add(toMessage(e, token)));
    } else if (message instanceof Notification notification) {
      if ("notifications/initialized".equals(notification.method())) {
        tape.handshake().events().forEach(e -> answer.add(toMessage(e)));
      } else {
        int k = index.take(true, notification.method(), notification.params().orElse(null));
        if (k >= 0) {
          tape.interactions().get(k).events().forEach(e -> answer.add(toMessage(e)));
        }
      }
    }
    // Responses from the client answer taped server requests: nothing to send back.
    return answer;
  }

  private static JsonRpcMessage toMessage(Event e) {
    return toMessage(e, null);
  }

  /** A taped event as a message; progress notifications carry the live request's token. */
  private static JsonRpcMessage toMessage(Event e, JsonNode progressToken) {
    if (e.isRequest()) {
      return Request.of(e.id(), e.method(), e.params());
    }
    JsonNode params = e.params();
    if (progressToken != null
        && "notifications/progress".equals(e.method())
        && params instanceof ObjectNode p) {
      p.set("progressToken", progressToken);
    }
    return Notification.of(e.method(), params);
  }

  private String mismatchReport(
      String method, JsonNode params, Id id, List<TapeIndex.NearMiss> nearest) {
    StringBuilder r = new StringBuilder();
    r.append("No taped interaction matches ")
        .append(label(method, params))
        .append(" (live id ")
        .append(id)
        .append(") in tape ")
        .append(tapeFile)
        .append(".\n  request params: ")
        .append(params == null ? "(none)" : RequestKey.strip(params))
        .append('\n');
    if (nearest.isEmpty()) {
      r.append("  the tape has no requests at all.\n");
    } else {
      r.append("  nearest taped requests:\n");
      int n = 1;
      for (TapeIndex.NearMiss miss : nearest) {
        r.append("  ")
            .append(n++)
            .append(". interaction #")
            .append(miss.index() + 1)
            .append(' ')
            .append(miss.interaction().label())
            .append(miss.used() ? " (already used)" : "")
            .append('\n');
        if (miss.differences().isEmpty()) {
          r.append("       same request; every recorded answer to it was used already\n");
        }
        miss.differences().stream()
            .limit(5)
            .forEach(d -> r.append("       ").append(d).append('\n'));
      }
    }
    r.append("  To re-record the tape: ").append(howToRecord);
    return r.toString();
  }

  /** The closest taped request in one line, for clients that show only the error message. */
  private static String nearestInShort(String method, List<TapeIndex.NearMiss> nearest) {
    return nearest.stream()
        .limit(1)
        .filter(miss -> miss.interaction().method().equals(method))
        .findFirst()
        .map(
            miss ->
                "; nearest taped: #"
                    + (miss.index() + 1)
                    + " "
                    + miss.interaction().label()
                    + (miss.differences().isEmpty()
                        ? " (every recorded answer already used)"
                        : " (" + miss.differences().get(0) + ")"))
        .orElse("");
  }

  private static String label(String method, JsonNode params) {
    return "tools/call".equals(method) && params != null && params.has("name")
        ? method + " " + params.path("name").asText()
        : method;
  }

  /** Near-miss reports of the requests that had no match, in order. */
  public List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  /** Taped requests never asked for, as {@code #N label} lines. */
  public List<String> unused() {
    synchronized (index) {
      return index.unused().stream()
          .map(
              k ->
                  "#"
                      + (k + 1)
                      + " "
                      + tape.interactions().get(k).label()
                      + " "
                      + paramsOf(tape.interactions().get(k)))
          .toList();
    }
  }

  private static String paramsOf(Interaction i) {
    JsonNode args =
        i.params() == null
            ? null
            : i.params().has("arguments") ? i.params().get("arguments") : i.params();
    return args == null ? "" : args.toString();
  }

  @Override
  public String diagnostics() {
    return "replaying " + tapeFile;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Listener l = listener;
      out.execute(
          () -> {
            if (l != null) {
              l.onClosed("replay closed");
            }
          });
      out.shutdown();
    }
  }
}
