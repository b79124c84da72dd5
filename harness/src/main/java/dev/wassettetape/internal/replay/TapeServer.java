package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.diff.Difference;
import dev.wassettetape.internal.diff.JsonDiff;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.Mailbox;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private final Map<Id, Script> waiting = new HashMap<>(); // server request id -> its script
  private final List<String> allMismatches = new CopyOnWriteArrayList<>();
  private final Mailbox out = new Mailbox(false); // answers, after the request's delivery
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
    out.quick(listener.quick());
    this.listener = listener;
  }

  @Override
  public void send(JsonRpcMessage message) throws IOException {
    if (closed.get()) {
      throw new IOException("replay of " + tapeFile + " is closed");
    }
    List<JsonRpcMessage> answer;
    synchronized (indexes) {
      Script script;
      if (message instanceof Response r && r.hasId() && waiting.containsKey(r.id())) {
        script = waiting.remove(r.id());
        compareAnswer(script, r);
      } else {
        script = script(message, chapter);
      }
      answer = script.advance();
      Script.Step awaited = script.awaited();
      if (awaited != null) {
        waiting.put(((Request) awaited.message()).id(), script);
      }
    }
    out.post(
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

  /** What the tape says to send for a client message. */
  private Script script(JsonRpcMessage message, String chapter) {
    Script script = new Script(chapter);
    if (message instanceof Request request) {
      if (request.method().equals(tape.handshake().method())) {
        return script.then(
            tape.handshake().response() != null
                ? tape.handshake().response().toResponse(request.id())
                : Response.error(
                    request.id(),
                    McpProxy.SERVER_GONE,
                    "wassette-tape: the recorded server never answered "
                        + request.method()
                        + " ("
                        + tapeFile
                        + ")",
                    null));
      }
      if ("initialize".equals(request.method())) { // a stateless tape: no session was recorded
        return script.then(
            Response.error(
                request.id(),
                McpProxy.SERVER_GONE,
                "wassette-tape: "
                    + tapeFile
                    + " recorded a stateless session (protocol "
                    + Stateless.VERSION
                    + ", opened by server/discover): a client that initializes a session cannot"
                    + " replay it; record the tape with this client, or make the client stateless",
                null));
      }
      if ("ping".equals(request.method())) {
        // MCP: a ping is answered at any time, and never taped
        return script.then(Response.success(request.id(), JsonNodeFactory.instance.objectNode()));
      }
      JsonNode params = request.jsonView().get("params"); // read only
      TapeIndex.Entry entry = index(chapter).take(false, request.method(), params);
      if (entry == null) {
        return script.then(mismatch(request, params, chapter));
      }
      Interaction i = entry.interaction();
      JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
      for (Event e : i.events()) {
        if (!e.afterResponse()) {
          then(script, e, token, request.id());
        }
      }
      if (i.response() == null && i.isCancelled()) {
        return script; // the client cancelled it and the server never answered: neither does replay
      }
      script.then(
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
      for (Event e : i.events()) {
        if (e.afterResponse()) {
          then(script, e, token, request.id());
        }
      }
    } else if (message instanceof Notification notification) {
      if ("notifications/initialized".equals(notification.method())) {
        tape.handshake().events().forEach(e -> then(script, e, null, null));
      } else {
        TapeIndex.Entry entry =
            index(chapter).take(true, notification.method(), notification.params().orElse(null));
        if (entry != null) {
          entry.interaction().events().forEach(e -> then(script, e, null, null));
        }
      }
    }
    // A response that answers no taped server request we wait on needs no answer.
    return script;
  }

  /**
   * A taped event as a step; progress notifications carry the live request's token, a listen
   * stream's notifications its live id, and a server request waits for the client's answer.
   */
  private static void then(Script script, Event e, JsonNode progressToken, Id request) {
    if (e.isRequest()) {
      script.then(Request.of(e.id(), e.method(), e.params()), e.answer());
      return;
    }
    JsonNode params = e.params();
    if (progressToken != null
        && "notifications/progress".equals(e.method())
        && params instanceof ObjectNode p) {
      p.set("progressToken", progressToken);
    }
    if (request != null
        && params instanceof ObjectNode p
        && p.get("_meta") instanceof ObjectNode meta
        && meta.has(Stateless.SUBSCRIPTION_KEY)) {
      meta.set(Stateless.SUBSCRIPTION_KEY, request.value());
    }
    script.then(Notification.of(e.method(), params));
  }

  /** The client answered a taped server request: a different answer than taped is reported. */
  private void compareAnswer(Script script, Response live) {
    Script.Step step = script.awaited();
    Outcome taped = step.tapedAnswer();
    JsonNode expected = TapeWriter.outcome(taped);
    JsonNode actual = TapeWriter.outcome(Outcome.of(live));
    List<Difference> differences = JsonDiff.diff(secrets.redact(expected), secrets.redact(actual));
    if (differences.isEmpty()) {
      return;
    }
    String report =
        "The client answered the taped server request "
            + ((Request) step.message()).method()
            + " differently from the recording"
            + (script.chapter() == null ? "" : " of chapter '" + script.chapter() + "'")
            + " of tape "
            + tapeFile
            + ", so the replayed answers that follow may not be what the server would say:\n"
            + differences.stream()
                .limit(5)
                .map(d -> "  " + d)
                .collect(java.util.stream.Collectors.joining("\n"));
    mismatches.computeIfAbsent(script.chapter(), c -> new CopyOnWriteArrayList<>()).add(report);
    allMismatches.add(report);
  }

  private Response mismatch(Request request, JsonNode params, String chapter) {
    MismatchReport report =
        new MismatchReport(
            tape,
            tapeFile,
            chapter,
            Request.of(request.id(), request.method(), secrets.redact(params)), // read by people
            index(chapter).nearest(request.method(), params, 3),
            chapter == null ? List.of() : index(null).equal(request.method(), params),
            howToRecord);
    String text = secrets.redact(report.full());
    mismatches.computeIfAbsent(chapter, c -> new CopyOnWriteArrayList<>()).add(text);
    allMismatches.add(text);
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("report", text);
    return Response.error(request.id(), NO_MATCH, secrets.redact(report.brief()), data);
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
      out.post(
          () -> {
            if (l != null) {
              l.onClosed("replay closed");
            }
          });
      out.shut();
    }
  }
}
