package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.verify.Verifier;
import dev.wassettetape.internal.verify.VerifyReport;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Plays the tape's requests against the live server and diffs every exchange after normalisation.",
      "Prints the diff; writes <tape>.received.json beside the tape; exit code 1 on drift, 0 when it matches."
    })
final class VerifyCommand implements Callable<Integer> {

  @Option(names = "--tape", required = true, paramLabel = "FILE", description = "The golden tape.")
  Path tape;

  @Option(
      names = "--ignore",
      paramLabel = "PATH",
      description =
          "Also ignore this path of every exchange, in JsonUnit's syntax as the diffs print it, e.g."
              + " response.result._meta or response.result.content[*].annotations (repeatable).")
  List<String> ignore = new ArrayList<>();

  @Option(
      names = "--ignore-order",
      paramLabel = "PATH",
      description =
          "Compare the array at this path (JsonUnit syntax) of every exchange in any order (repeatable).")
  List<String> ignoreOrder = new ArrayList<>();

  @Mixin ServerOptions server;

  @Mixin AccessOptions access;

  @Mixin InterceptorOptions interceptors;

  @Override
  public Integer call() {
    Normalizer normalizer = Normalizer.standard();
    for (String path : ignore) {
      normalizer = normalizer.ignoring(path);
    }
    for (String path : ignoreOrder) {
      normalizer = normalizer.ignoringOrder(path);
    }
    Secrets secrets = server.secrets();
    try (LiveServer live = server.start(!access.builtins().isEmpty())) {
      Verifier verifier = new Verifier(normalizer, secrets, server.timeout());
      Provenance provenance = live.provenance();
      VerifyReport report =
          verifier.verify(
              tape,
              live.transport(),
              interceptors.chain(
                  secrets, tape.getFileName().toString(), access.accessControl(), null),
              provenance);
      System.out.print(secrets.redact(report.render()));
      return report.passed() ? 0 : 1;
    } catch (RuntimeException e) {
      throw secrets.redact(e); // e.g. a server that would not start, quoting its stderr
    }
  }
}
