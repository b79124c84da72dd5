package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.replay.TapeServer;
import dev.wassettetape.tape.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a tape as an MCP server (stdio, or Streamable HTTP with --http): no Wassette. Exits when",
      "the client ends the session (--http: on SIGTERM or Ctrl-C); exit code 1 if a request had no",
      "match (the near-miss report goes to stderr)."
    })
final class ReplayCommand implements Callable<Integer> {

  @Option(
      names = "--tape",
      required = true,
      paramLabel = "FILE",
      description = "The tape to serve.")
  Path tape;

  @Option(
      names = "--chapter",
      paramLabel = "NAME",
      description = "Serve only this chapter (default: every chapter, in tape order).")
  String chapter;

  @Mixin AccessOptions access;

  @Mixin InterceptorOptions interceptors;

  @Mixin SecretOptions secret;

  @Mixin ClientSide clients;

  @Override
  public Integer call() throws Exception {
    return clients.untilEnd(this::replay);
  }

  private int replay() throws Exception {
    TapeServer server;
    Secrets secrets;
    try {
      secrets = secret.secrets(Map.of(), System::getenv, false); // as record redacted
      server =
          TapeServer.of(tape, chapter, secrets, "wassette-tape record --tape " + tape + " ...");
    } catch (RuntimeException e) { // no tape, or not a tape: the client hears why
      System.err.println("wassette-tape replay: " + e.getMessage());
      clients.refuse("wassette-tape replay cannot replay: " + e.getMessage());
      return 2;
    }
    McpProxy proxy =
        new McpProxy(
                server,
                interceptors.chain(
                    secrets, tape.getFileName().toString(), access.accessControl(), null),
                Duration.ofSeconds(30))
            .start();
    clients.serve(proxy, chapter == null ? "(replay)" : chapter, "replay");
    proxy.close();
    proxy.problems().forEach(p -> System.err.println("wassette-tape replay: unusable input: " + p));
    server.mismatches().forEach(m -> System.err.println("wassette-tape replay: " + m));
    List<String> unused = server.unused(chapter);
    if (!unused.isEmpty()) {
      System.err.println(
          "wassette-tape replay: taped interactions never used:\n  " + String.join("\n  ", unused));
    }
    return server.mismatches().isEmpty() ? 0 : 1;
  }
}
