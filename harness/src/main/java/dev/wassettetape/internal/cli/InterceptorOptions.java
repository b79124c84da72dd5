package dev.wassettetape.internal.cli;

import dev.wassettetape.intercept.Faults;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.intercept.TokenStripper;
import dev.wassettetape.internal.proxy.Interceptors;
import dev.wassettetape.internal.proxy.Recorder;
import dev.wassettetape.tape.Secrets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The proxy's interceptors on the command line: a flag per built-in ({@code --trace}, {@code
 * --strip-field}, {@code --strip-header}, {@code --fault}) and {@code --interceptor} for one of the
 * user's, by class.
 */
final class InterceptorOptions {

  @Option(
      names = "--trace",
      description =
          "Print every message as it passes, pretty and redacted, with its chapter and timings (to"
              + " stderr).")
  boolean trace;

  @Option(
      names = "--strip-field",
      paramLabel = "PATH",
      description =
          "Replace this field of the client's messages by <stripped> before it reaches the server"
              + " (and the tape): a dotted path inside params, steps may be globs, e.g."
              + " _meta.authorization or arguments.*token*. Repeatable.")
  List<String> stripFields = new ArrayList<>();

  @Option(
      names = "--strip-header",
      paramLabel = "NAME",
      description =
          "Remove this HTTP header (a name or a glob, e.g. Authorization, Cookie) from what a"
              + " client sends before it reaches the server. Repeatable.")
  List<String> stripHeaders = new ArrayList<>();

  @Option(
      names = "--fault",
      paramLabel = "RULE",
      description =
          "Inject a fault, e.g. tool=get-weather,call=1,do=drop-response. Selectors: tool=NAME or"
              + " method=NAME, arg.NAME=VALUE, call=N[+N...], first=N, probability=P; do=error:CODE:"
              + "MESSAGE | is-error:TEXT | delay:MILLIS | drop-response | malformed | crash."
              + " Repeatable; the first that matches decides.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--fault-seed",
      paramLabel = "N",
      description = "The seed of the faults' random choices (probability=). Default: 0.")
  long faultSeed;

  @Option(
      names = "--interceptor",
      paramLabel = "CLASS",
      description =
          "A dev.wassettetape.intercept.Interceptor of yours, by class name (on the class path,"
              + " with a public no-argument constructor). Repeatable; in the order given, after the"
              + " built-ins.")
  List<String> classes = new ArrayList<>();

  /** The proxy's interceptors, in the harness's order ({@link Interceptors#ordered}). */
  List<Interceptor> chain(
      Secrets secrets, String session, Interceptor accessControl, Recorder recorder) {
    List<Interceptor> user = new ArrayList<>();
    if (!stripFields.isEmpty() || !stripHeaders.isEmpty()) {
      user.add(
          TokenStripper.fields(stripFields.toArray(String[]::new))
              .headers(stripHeaders.toArray(String[]::new)));
    }
    if (!faults.isEmpty()) {
      user.add(
          Faults.inject(faults.stream().map(FaultRules::parse).toArray(Faults.Fault[]::new))
              .seed(faultSeed));
    }
    for (String name : classes) {
      user.add(instantiate(name));
    }
    return Interceptors.ordered(
        trace ? System.err : null, secrets, session, accessControl, user, recorder);
  }

  static Interceptor instantiate(String name) {
    try {
      Class<?> type = Class.forName(name);
      if (!Interceptor.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "--interceptor " + name + ": not a " + Interceptor.class.getName());
      }
      return (Interceptor) type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "--interceptor "
              + name
              + ": no such class on the class path; run the CLI with java -cp"
              + " <your classes>:wassette-tape.jar dev.wassettetape.internal.cli.Main ...");
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "--interceptor "
              + name
              + ": cannot create one (it needs a public no-argument"
              + " constructor): "
              + e);
    }
  }
}
