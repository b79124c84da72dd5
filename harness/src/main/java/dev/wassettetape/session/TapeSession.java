package dev.wassettetape.session;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.replay.TapeServer;
import dev.wassettetape.internal.transport.HttpClientTransport;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.internal.verify.Verifier;
import dev.wassettetape.internal.verify.VerifyReport;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeFormatException;
import dev.wassettetape.tape.TapeNotFoundException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One MCP session against a tape, in one of the {@link Mode}s, with a chapter per test: the
 * in-process entry point of the harness (the JUnit extension and tests use it; the CLI uses its
 * parts over stdio).
 *
 * <pre>{@code
 * try (TapeSession session = TapeSession.builder(Path.of("tapes/weather.json"))
 *         .mode(Mode.REPLAY).server(() -> WassetteServer.launch(launcher)).open()) {
 *   McpClient client = session.client("oslo");          // the test "oslo"
 *   client.initialize();
 *   client.callTool("get-weather", Map.of("city", "Oslo"));
 *   ChapterResult oslo = session.endChapter("oslo", true);
 *   SessionResult result = session.finish(Set.of(), false);
 * }
 * }</pre>
 *
 * <p>Each chapter gets clients of its own. A replayed chapter's client talks, through the proxy, to
 * a {@link TapeServer} of that chapter: no process at all. Live chapters (record, verify,
 * passthrough; in {@link Mode#RECORD_MISSING} the chapters the tape lacks) share one live server
 * behind one recording proxy, started when the first of them asks for a client; its first {@code
 * initialize} is the session's handshake. Thread-safe: tests may run in parallel.
 */
public final class TapeSession implements AutoCloseable {

  private final TapeSessionBuilder config;
  private final Tape golden; // null when there is none (or, in RECORD, it cannot be read)
  private final RuntimeException unreadable; // RECORD: why the existing tape could not be read
  private final Map<String, ChapterState> chapters = new HashMap<>();
  private final Map<McpClient, ClientFront> fronts = new IdentityHashMap<>();
  private final Map<String, Boolean> ended = new LinkedHashMap<>(); // chapter -> passed
  private final LiveSide live;
  private boolean drifted;
  private SessionResult result;

  /** What a chapter's test did: the clients it opened, the replayers that served it. */
  private static final class ChapterState {
    final List<McpClient> clients = new ArrayList<>();
    final List<ClientFront> fronts = new ArrayList<>();
    final Set<TapeServer> replays = new LinkedHashSet<>();
    ClientFront endpoint; // the chapter's shared HTTP endpoint, once asked for
    boolean live;
  }

  TapeSession(TapeSessionBuilder config) {
    this.config = config;
    Tape tape = null;
    RuntimeException problem = null;
    boolean exists = Files.exists(config.tape);
    switch (config.mode) {
      case REPLAY, VERIFY -> {
        if (!exists) {
          throw new TapeNotFoundException(config.tape);
        }
        tape = TapeFile.read(config.tape);
      }
      case RECORD_MISSING -> tape = exists ? TapeFile.read(config.tape) : null;
      case RECORD -> {
        try {
          tape = exists ? TapeFile.read(config.tape) : null;
        } catch (TapeFormatException e) {
          problem = e; // re-recording the whole class replaces it; part of it cannot be merged
        }
      }
      case PASSTHROUGH -> tape = null;
    }
    this.golden = tape;
    this.unreadable = problem;
    this.live =
        new LiveSide(
            config.server,
            config.mode != Mode.PASSTHROUGH,
            config.secrets,
            config::chain,
            config.timeout);
  }

  public static TapeSessionBuilder builder(Path tape) {
    return new TapeSessionBuilder(tape);
  }

  /** The mode the session was opened in. */
  public Mode mode() {
    return config.mode;
  }

  /** The chapters of the tape as it was when the session opened. */
  public Set<String> chapters() {
    return golden == null ? Set.of() : golden.chapters().keySet();
  }

  /** The command that re-records the tape, for messages. */
  public String howToRecord() {
    return config.howToRecord;
  }

  /** Whether the tape has a chapter of this key. */
  public boolean hasChapter(String chapter) {
    return golden != null && golden.chapters().containsKey(chapter);
  }

  /**
   * How a chapter runs: in {@link Mode#RECORD_MISSING}, {@link Mode#REPLAY} when the tape has it,
   * else {@link Mode#RECORD}; otherwise the session's mode.
   */
  public Mode modeOf(String chapter) {
    if (config.mode == Mode.RECORD_MISSING) {
      return hasChapter(chapter) ? Mode.REPLAY : Mode.RECORD;
    }
    return config.mode;
  }

  /**
   * A new client for a chapter, connected and not yet initialised. A live chapter's first client
   * starts the live server; its {@code initialize} becomes the session's handshake.
   */
  public synchronized McpClient client(String chapter) {
    ClientFront front = front(chapter);
    Transport transport;
    if (config.transport != McpTransport.STDIO) {
      transport = new HttpClientTransport(front.endpoint(), () -> "the harness's endpoint");
    } else {
      InMemoryTransport[] pipe = InMemoryTransport.pair("client " + chapter, "proxy " + chapter);
      front.connect(pipe[1]);
      transport = pipe[0];
    }
    McpClient client = new McpClient(transport, config.timeout).redacting(config.secrets);
    if (config.transport == McpTransport.HTTP_STATELESS) {
      client.stateless();
    }
    String taped =
        golden == null ? "" : golden.handshake().request().path("protocolVersion").asText();
    if (modeOf(chapter) == Mode.VERIFY
        && McpClient.PROTOCOL_VERSIONS.contains(taped)
        && config.transport != McpTransport.HTTP_STATELESS) {
      client.offerProtocolVersion(taped); // verify the session the tape recorded
    }
    chapters.get(chapter).clients.add(client);
    fronts.put(client, front);
    return client;
  }

  /**
   * The chapter's Streamable HTTP endpoint ({@code http://127.0.0.1:<port>/mcp}), for code under
   * test that makes its own MCP connections (an agent, an HTTP client): every session opened there
   * is the chapter's, replayed or live as the chapter is, like a {@link #client}'s. One endpoint
   * per chapter; it ends with the chapter.
   */
  public synchronized URI endpoint(String chapter) {
    ChapterState state = chapters.computeIfAbsent(chapter, k -> new ChapterState());
    if (state.endpoint == null) {
      state.endpoint = front(chapter);
    }
    return state.endpoint.endpoint();
  }

  /**
   * Waits until a chapter's clients have been quiet for {@link Verifier#QUIET} (at most {@link
   * Verifier#QUIET_AT_MOST}): so that what a client does on its own right after its handshake (the
   * MCP Java SDK's client lists the tools when told they changed) is done before a test's own
   * requests, in the same order in every mode.
   */
  public void settle(String chapter) {
    List<ClientFront> fronts;
    synchronized (this) {
      fronts = List.copyOf(chapters.getOrDefault(chapter, new ChapterState()).fronts);
    }
    fronts.forEach(front -> front.settle(Verifier.QUIET, Verifier.QUIET_AT_MOST));
  }

  /** A new front for a chapter's client: its own replayer if replayed, else the live proxy. */
  private ClientFront front(String chapter) {
    if (result != null) {
      throw new IllegalStateException("the session of " + config.tape + " has finished");
    }
    ChapterState state = chapters.computeIfAbsent(chapter, k -> new ChapterState());
    ClientFront front;
    if (modeOf(chapter) == Mode.REPLAY) {
      TapeServer replay =
          new TapeServer(golden, chapter, config.tape, config.secrets, config.howToRecord);
      McpProxy proxy = new McpProxy(replay, config.chain(null), config.timeout).start();
      front = ClientFront.replayed(chapter, replay, proxy);
      state.replays.add(replay);
    } else {
      front = ClientFront.live(chapter, live::connect);
      state.live = true;
    }
    state.fronts.add(front);
    return front;
  }

  /**
   * Files a client's later traffic under another chapter, served the way the client's own is
   * (replayed or live): how a test factory's dynamic tests each get a chapter through the one
   * client the factory was given.
   */
  public synchronized void moveTo(McpClient client, String chapter) {
    ClientFront front = Objects.requireNonNull(fronts.get(client), "not a client of this session");
    ChapterState state = chapters.computeIfAbsent(chapter, k -> new ChapterState());
    front.moveTo(chapter);
    if (front.replay() != null) {
      state.replays.add(front.replay());
    } else {
      state.live = true;
    }
  }

  /**
   * Ends a chapter: closes its clients and says how it went. Call it for every test that ran,
   * whether it took a client or not: in {@link Mode#RECORD}, the chapter of a test that passed is
   * what it did this time, so a test that passed without talking to the server loses its chapter.
   *
   * @param passed whether the test passed: only then is its recording kept
   */
  public synchronized ChapterResult endChapter(String chapter, boolean passed) {
    ended.put(chapter, passed);
    ChapterState state = chapters.getOrDefault(chapter, new ChapterState());
    state.clients.forEach(McpClient::close);
    state.fronts.forEach(ClientFront::close);
    Mode mode = modeOf(chapter);
    List<String> mismatches = new ArrayList<>();
    List<String> unused = List.of();
    VerifyReport report = null;
    if (mode == Mode.REPLAY) {
      state.replays.forEach(r -> mismatches.addAll(r.mismatches(chapter)));
      TapeServer last =
          state.replays.stream()
              .reduce((a, b) -> b)
              .orElseGet(
                  () ->
                      new TapeServer(
                          golden, chapter, config.tape, config.secrets, config.howToRecord));
      unused = last.unused(chapter);
    } else if (mode == Mode.VERIFY && (hasChapter(chapter) || state.live)) {
      live.awaitQuiet();
      report =
          verifier()
              .compareChapter(
                  chapter,
                  golden.chapter(chapter).orElse(new Chapter(golden.recorded().at(), List.of())),
                  live.chapter(chapter, Instant.now()),
                  config.tape,
                  Verifier.receivedPath(config.tape));
      drifted |= !report.passed();
    }
    return new ChapterResult(chapter, mode, mismatches, unused, report);
  }

  private Verifier verifier() {
    return new Verifier(config.normalizer, config.secrets, config.timeout);
  }

  /**
   * Ends the session and does what the mode does with the tape, then closes everything. Record (and
   * record-missing) rewrites the chapters of live tests that passed and, in {@link Mode#RECORD},
   * removes those of tests that passed without talking to the server and the {@code removed} ones;
   * every other chapter stays exactly as it was. Verify writes {@code <tape>.received.json} (the
   * tape with the live chapters in it) when anything drifted, and compares the handshake.
   *
   * @param removed chapters to take out of the tape (tests that no longer exist)
   * @param whole whether every test of the tape ran, so that an existing tape this harness cannot
   *     read may be replaced instead of merged into
   */
  public synchronized SessionResult finish(Set<String> removed, boolean whole) {
    if (result != null) {
      return result;
    }
    try {
      Set<String> live = new LinkedHashSet<>();
      chapters.forEach(
          (chapter, state) -> {
            if (state.live) {
              live.add(chapter);
            }
          });
      TapeUpdate update = new TapeUpdate(config, golden, this.live, live);
      result =
          switch (config.mode) {
            case RECORD, RECORD_MISSING -> update.record(ended, unreadable, removed, whole);
            case VERIFY -> update.received(drifted);
            default -> update.unchanged();
          };
      return result;
    } finally {
      close();
    }
  }

  /**
   * Lines the live server wrote that were no MCP messages (e.g. a component's stray stdout), with
   * excerpts, secrets redacted: skipped, and worth reporting.
   */
  public List<ProtocolProblem> serverProblems() {
    return live.problems();
  }

  /** Closes every client, proxy and the live server (no tape is written). */
  @Override
  public synchronized void close() {
    chapters
        .values()
        .forEach(
            s -> {
              s.clients.forEach(McpClient::close);
              s.fronts.forEach(ClientFront::close);
            });
    live.close();
  }
}
