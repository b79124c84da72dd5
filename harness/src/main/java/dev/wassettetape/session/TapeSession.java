package dev.wassettetape.session;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.proxy.AccessControl;
import dev.wassettetape.proxy.Interceptor;
import dev.wassettetape.proxy.McpProxy;
import dev.wassettetape.proxy.Recorder;
import dev.wassettetape.replay.TapeServer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeNotFoundException;
import dev.wassettetape.transport.InMemoryTransport;
import dev.wassettetape.transport.Transport;
import dev.wassettetape.verify.Verifier;
import dev.wassettetape.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One MCP session against a tape, in one of the {@link Mode}s: the in-process entry point of the
 * harness (the JUnit extension and tests use it; the CLI uses its parts over stdio).
 *
 * <pre>{@code
 * try (TapeSession session = TapeSession.builder(Path.of("tapes/weather.json"))
 *         .mode(Mode.REPLAY).server(() -> WassetteServer.launch(launcher)).open()) {
 *   McpClient client = session.client();
 *   client.initialize();
 *   client.callTool("get-weather", Map.of("city", "Oslo"));
 *   SessionResult result = session.finish(true);
 * }
 * }</pre>
 *
 * <p>The client talks to the proxy in memory; the proxy talks to the live server (record, verify,
 * passthrough) or to a {@link TapeServer} (replay). In replay no process is started.
 */
public final class TapeSession implements AutoCloseable {

  private final Builder config;
  private final Mode mode;
  private final LiveServer live;
  private final TapeServer replay;
  private final Tape golden;
  private final Recorder recorder;
  private final McpProxy proxy;
  private final McpClient client;
  private SessionResult result;

  private TapeSession(Builder config) {
    this.config = config;
    this.mode = resolve(config.mode, config.tape);
    InMemoryTransport[] pipe = InMemoryTransport.pair("client", "proxy");
    List<Interceptor> interceptors = new ArrayList<>();
    interceptors.add(config.accessControl);
    // verify compares against the golden tape: read it first, so a bad tape fails before any
    // process starts
    this.golden = mode == Mode.VERIFY ? TapeFile.read(config.tape) : null;
    Transport server;
    if (mode == Mode.REPLAY) {
      live = null;
      recorder = null;
      replay = TapeServer.of(config.tape, config.secrets, config.howToRecord);
      server = replay;
    } else {
      replay = null;
      recorder = mode == Mode.PASSTHROUGH ? null : new Recorder();
      if (recorder != null) {
        interceptors.add(0, recorder);
      }
      live = Objects.requireNonNull(config.server, "a live server is needed in mode " + mode).get();
      server = live.transport();
    }
    this.proxy = new McpProxy(pipe[1], server, interceptors, config.timeout).start();
    this.client = new McpClient(pipe[0], config.timeout);
  }

  private static Mode resolve(Mode mode, Path tape) {
    if (mode == Mode.RECORD_MISSING) {
      return Files.exists(tape) ? Mode.REPLAY : Mode.RECORD;
    }
    if ((mode == Mode.REPLAY || mode == Mode.VERIFY) && !Files.exists(tape)) {
      throw new TapeNotFoundException(tape);
    }
    return mode;
  }

  public static Builder builder(Path tape) {
    return new Builder(tape);
  }

  /** The mode this session runs in ({@link Mode#RECORD_MISSING} resolved). */
  public Mode mode() {
    return mode;
  }

  /** The client connected to the proxy. Not yet initialised. */
  public McpClient client() {
    return client;
  }

  /**
   * Ends the session and does what the mode does with the tape: record writes it (only when {@code
   * writeTape}, i.e. the test passed), verify writes {@code <tape>.received.json} and diffs, replay
   * reports mismatches and unused interactions. Then closes everything.
   */
  public SessionResult finish(boolean writeTape) {
    if (result != null) {
      return result;
    }
    List<String> mismatches = replay == null ? List.of() : replay.mismatches();
    List<String> unused = replay == null ? List.of() : replay.unused();
    boolean written = false;
    VerifyReport report = null;
    try {
      if (mode == Mode.RECORD && writeTape && recorder.hasHandshake()) {
        Tape tape = recorded();
        String text = TapeFile.toText(tape);
        List<String> leaks = config.secrets.leakedInto(text);
        if (!leaks.isEmpty()) {
          throw new IllegalStateException(
              "refusing to write " + config.tape + ": it would contain the secrets " + leaks);
        }
        TapeFile.write(config.tape, tape);
        written = true;
      } else if (mode == Mode.VERIFY) {
        Tape received = recorded();
        Path receivedFile = Verifier.receivedPath(config.tape);
        report =
            new Verifier(config.normalizer, config.secrets, config.timeout)
                .compare(golden, config.tape, received, receivedFile);
        if (report.passed()) {
          Files.deleteIfExists(receivedFile);
        } else {
          TapeFile.write(receivedFile, received);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      close();
    }
    result = new SessionResult(mode, config.tape, written, mismatches, unused, report);
    return result;
  }

  private Tape recorded() {
    return config.secrets.redact(recorder.tape(config.name, live.provenance()));
  }

  /** Closes the client, the proxy and the live server (no tape is written). */
  @Override
  public void close() {
    client.close();
    proxy.close();
    if (live != null) {
      live.close();
    }
  }

  /** Configures a {@link TapeSession}. */
  public static final class Builder {
    private final Path tape;
    private String name;
    private Mode mode = Mode.REPLAY;
    private Supplier<LiveServer> server;
    private Secrets secrets = Secrets.NONE;
    private Interceptor accessControl = AccessControl.defaults();
    private Normalizer normalizer = Normalizer.standard();
    private Duration timeout = Duration.ofSeconds(60);
    private String howToRecord;

    private Builder(Path tape) {
      this.tape = tape;
      String file = tape.getFileName().toString();
      this.name = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
      this.howToRecord =
          "run once in RECORD mode (-Dwassette.tape.mode=RECORD), then commit " + tape;
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode);
      return this;
    }

    /** How to start the live server; called only in modes that need one. */
    public Builder server(Supplier<LiveServer> server) {
      this.server = server;
      return this;
    }

    public Builder secrets(Secrets secrets) {
      this.secrets = secrets;
      return this;
    }

    public Builder accessControl(Interceptor accessControl) {
      this.accessControl = accessControl;
      return this;
    }

    public Builder normalizer(Normalizer normalizer) {
      this.normalizer = normalizer;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The command a user runs to re-record this tape, for error messages. */
    public Builder howToRecord(String howToRecord) {
      this.howToRecord = howToRecord;
      return this;
    }

    public TapeSession open() {
      return new TapeSession(this);
    }
  }
}
