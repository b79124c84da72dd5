package dev.wassettetape.session;

import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.proxy.AccessControl;
import dev.wassettetape.internal.proxy.Interceptors;
import dev.wassettetape.internal.proxy.Recorder;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** Configures a {@link TapeSession}. */
public final class TapeSessionBuilder {
  final Path tape;
  String name;
  Mode mode = Mode.REPLAY;
  Supplier<LiveServer> server;
  Secrets secrets = Secrets.NONE;
  Interceptor accessControl = AccessControl.defaults();
  Normalizer normalizer = Normalizer.standard();
  Duration timeout = Duration.ofSeconds(60);
  McpTransport transport = McpTransport.STDIO;
  String howToRecord;
  java.io.PrintStream trace; // null: no live trace
  final List<Interceptor> interceptors = new ArrayList<>();

  TapeSessionBuilder(Path tape) {
    this.tape = tape;
    String file = tape.getFileName().toString();
    this.name = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    this.howToRecord = "run once in RECORD mode (-Dwassette.tape.mode=RECORD), then commit " + tape;
  }

  public TapeSessionBuilder mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode);
    return this;
  }

  /** How to start the live server; called only when a live chapter first needs it. */
  public TapeSessionBuilder server(Supplier<LiveServer> server) {
    this.server = server;
    return this;
  }

  public TapeSessionBuilder secrets(Secrets secrets) {
    this.secrets = secrets;
    return this;
  }

  public TapeSessionBuilder accessControl(Interceptor accessControl) {
    this.accessControl = accessControl;
    return this;
  }

  public TapeSessionBuilder normalizer(Normalizer normalizer) {
    this.normalizer = normalizer;
    return this;
  }

  /** How clients reach the session: in-process (default) or over Streamable HTTP. */
  public TapeSessionBuilder transport(McpTransport transport) {
    this.transport = Objects.requireNonNull(transport);
    return this;
  }

  /**
   * Adds interceptors, after those added before: a client's message passes them in this order, a
   * server's in the reverse ({@link Interceptor} has the contract). They serve replayed and live
   * chapters alike.
   */
  public TapeSessionBuilder interceptor(Interceptor... interceptors) {
    for (Interceptor i : interceptors) {
      this.interceptors.add(Objects.requireNonNull(i));
    }
    return this;
  }

  /**
   * Prints every message as it passes through the session, pretty and redacted, with its chapter
   * and timings (the live trace); null (the default) for none.
   */
  public TapeSessionBuilder trace(java.io.PrintStream out) {
    this.trace = out;
    return this;
  }

  public TapeSessionBuilder timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public TapeSessionBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** The command a user runs to re-record this tape, for error messages. */
  public TapeSessionBuilder howToRecord(String howToRecord) {
    this.howToRecord = howToRecord;
    return this;
  }

  /** The interceptors of a proxy of the session, in order, ending with its recorder if any. */
  List<Interceptor> chain(Recorder recorder) {
    return Interceptors.ordered(trace, secrets, name, accessControl, interceptors, recorder);
  }

  /** Reads the tape (replay, verify, record-missing, and record to merge); starts nothing. */
  public TapeSession open() {
    return new TapeSession(this);
  }
}
