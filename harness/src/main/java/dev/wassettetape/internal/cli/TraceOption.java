package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.proxy.Interceptor;
import dev.wassettetape.internal.proxy.Trace;
import dev.wassettetape.tape.Secrets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --trace}: the live trace of every message on stderr ({@link Trace}). */
final class TraceOption {

  @Option(
      names = "--trace",
      description =
          "Print every message as it passes, pretty and redacted, with its chapter and timings (to"
              + " stderr).")
  boolean trace;

  /** The proxy's interceptors: these, then the trace when asked for. */
  List<Interceptor> with(Secrets secrets, String session, Interceptor... interceptors) {
    List<Interceptor> all = new ArrayList<>(List.of(interceptors));
    if (trace) {
      all.add(new Trace(System.err, secrets, session));
    }
    return all;
  }
}
