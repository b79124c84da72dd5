package dev.wassettetape.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Notification;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.proxy.McpProxy;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake MCP server whose script is a chapter of a tape (or the whole tape): the replayer. It is a
 * {@link Transport}, so it stands wherever a live server would: behind the proxy, or directly in
 * front of an {@code McpClient}.
 *
 * <p>It answers {@code initialize} from the tape's handshake and then each request with the taped
 * interaction of its chapter with the same method and params (ignoring the id, {@code _meta} and
 * progress tokens; secrets compare equal to their {@code <redacted:NAME>} placeholders), in
 * recorded order among equal requests. The response takes the live request's id; the interaction's
 * events are emitted in their recorded order around it. An unmatched request gets a JSON-RPC error
 * carrying the near-miss report ({@link MismatchReport}), also kept in {@link #mismatches}.
 */
public final class TapeServer implements Transport {

  /** The JSON-RPC error code of "no taped interaction matches". */
  public static final int NO_MATCH = -32001;

  private final Tape tape;
  private final Path tapeFile;
  private final Secrets secrets;
  private final String howToRecord;
  private final Map<String, TapeIndex> indexes = new HashMap<>(); // null: the whole tape
  private final Map<String, List<String>> mismatches = new HashMap<>();
  private final List<String> allMismatches = new CopyOnWriteArrayList<>();
  private final ExecutorService out;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String chapter;
  private volatile Listener listener;

  /**
   * @param chapter the chapter to serve; null for every chapter, in tape order
   * @param tapeFile where the tape came from, for reports
   * @param howToRecord the command that re-records it, for reports
   */
  public TapeServer(Tape tape, String chapter, Path tapeFile, Secrets secrets, String howToRecord) {
    this.tape = tape;
    this.chapter = chapter;
    this.tapeFile = tapeFile;
    this.secrets = secrets;
    this.howToRecord = howToRecord;
    this.out =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wassette-tape-replay " + tape.name());
              t.setDaemon(true);
              return t;
            });
  }

  /** Reads the tape file and serves a chapter of it (null: all of it). */
  public static TapeServer of(Path tapeFile, String chapter, Secrets secrets, String howToRecord) {
    return new TapeServer(TapeFile.read(tapeFile), chapter, tapeFile, secrets, howToRecord);
  }

  /** Serves another chapter from now on (a test factory's dynamic tests share one client). */
  public void moveTo(String chapter) {
    this.chapter = chapter;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void send(JsonRpcMessage message) throws IOException {
    if (closed.get()) {
      throw new IOException("replay of " + tapeFile + " is closed");
    }
    List<JsonRpcMessage> answer;
    synchronized (indexes) {
      answer = answer(message, chapter);
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

  private TapeIndex index(String chapter) {
    return indexes.computeIfAbsent(chapter, c -> new TapeIndex(tape, c, secrets));
  }

  private List<JsonRpcMessage> answer(JsonRpcMessage message, String chapter) {
    List<JsonRpcMessage> answer = new ArrayList<>();
    if (message instanceof Request request) {
      if ("initialize".equals(request.method())) {
        if (tape.handshake().response() != null) {
          answer.add(tape.handshake().response().toResponse(request.id()));
        }
        return answer;
      }
      JsonNode params = request.params().orElse(null);
      TapeIndex.Entry entry = index(chapter).take(false, request.method(), params);
      if (entry == null) {
        answer.add(mismatch(request, params, chapter));
        return answer;
      }
      Interaction i = entry.interaction();
      JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
      i.events().stream()
          .filter(e -> !e.afterResponse())
          .forEach(e -> answer.add(toMessage(e, token)));
      answer.add(
          i.response() != null
              ? i.response().toResponse(request.id())
              : Response.error(
                  request.id(),
                  McpProxy.SERVER_GONE,
                  "wassette-tape: the recorded session ended before "
                      + i.label()
                      + " was answered ("
                      + MismatchReport.label(entry, chapter == null)
                      + " of "
                      + tapeFile
                      + ")",
                  null));
      i.events().stream()
          .filter(Event::afterResponse)
          .forEach(e -> answer.add(toMessage(e, token)));
    } else if (message instanceof Notification notification) {
      if ("notifications/initialized".equals(notification.method())) {
        tape.handshake().events().forEach(e -> answer.add(toMessage(e, null)));
      } else {
        TapeIndex.Entry entry =
            index(chapter).take(true, notification.method(), notification.params().orElse(null));
        if (entry != null) {
          entry.interaction().events().forEach(e -> answer.add(toMessage(e, null)));
        }
      }
    }
    // Responses from the client answer taped server requests: nothing to send back.
    return answer;
  }

  private Response mismatch(Request request, JsonNode params, String chapter) {
    MismatchReport report =
        new MismatchReport(
            tape,
            tapeFile,
            chapter,
            request,
            index(chapter).nearest(request.method(), params, 3),
            chapter == null ? List.of() : index(null).equal(request.method(), params),
            howToRecord);
    String text = report.full();
    mismatches.computeIfAbsent(chapter, c -> new CopyOnWriteArrayList<>()).add(text);
    allMismatches.add(text);
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("report", text);
    return Response.error(request.id(), NO_MATCH, report.brief(), data);
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

  /** Near-miss reports of every request that had no match, in order. */
  public List<String> mismatches() {
    return List.copyOf(allMismatches);
  }

  /** Near-miss reports of the requests a chapter (null: the whole tape) could not answer. */
  public List<String> mismatches(String chapter) {
    synchronized (indexes) {
      return List.copyOf(mismatches.getOrDefault(chapter, List.of()));
    }
  }

  /**
   * Taped requests of a chapter (null: the whole tape) never asked for, as {@code #N label args}
   * lines.
   */
  public List<String> unused(String chapter) {
    synchronized (indexes) {
      return index(chapter).unused().stream()
          .map(e -> MismatchReport.label(e, chapter == null) + " " + arguments(e.interaction()))
          .toList();
    }
  }

  private static String arguments(Interaction i) {
    JsonNode params = i.params();
    JsonNode args =
        params == null ? null : params.has("arguments") ? params.get("arguments") : params;
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
