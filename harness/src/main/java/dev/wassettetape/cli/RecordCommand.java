package dev.wassettetape.cli;

import dev.wassettetape.client.Version;
import dev.wassettetape.proxy.AccessControl;
import dev.wassettetape.proxy.McpProxy;
import dev.wassettetape.proxy.Recorder;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Acts as a stdio MCP server for an outside client and records the session with the live server.",
      "The tape is written (atomically) when the client ends the session.",
      "Example: npx @modelcontextprotocol/inspector --cli java -jar wassette-tape.jar record --tape t.json -- node server.js --method tools/list"
    })
final class RecordCommand implements Callable<Integer> {

  @Option(
      names = "--tape",
      required = true,
      paramLabel = "FILE",
      description = "The tape to write.")
  Path tape;

  @Option(
      names = "--allow-tool",
      paramLabel = "NAME",
      description =
          "Allow only these tools (repeatable). Default: all but Wassette's permission-widening built-ins.")
  List<String> allowTools;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long the server may take to answer one request.")
  long timeoutSeconds;

  @Mixin ServerOptions server;

  @Override
  public Integer call() throws Exception {
    Secrets secrets = server.secrets();
    Recorder recorder = new Recorder();
    try (LiveServer live = server.start()) {
      McpProxy proxy =
          new McpProxy(
                  Stdio.clientTransport(),
                  live.transport(),
                  List.of(
                      recorder,
                      allowTools == null
                          ? AccessControl.defaults()
                          : AccessControl.allowOnly(java.util.Set.copyOf(allowTools))),
                  Duration.ofSeconds(timeoutSeconds))
              .start();
      proxy.awaitEnd(Duration.ofDays(1));
      System.err.println("wassette-tape record: session ended: " + proxy.endReason());
      if (!recorder.hasHandshake()) {
        System.err.println(
            "wassette-tape record: the client never sent initialize; no tape written");
        return 1;
      }
      String file = tape.getFileName().toString();
      Tape recorded =
          secrets.redact(
              recorder.tape(
                  file.endsWith(".json") ? file.substring(0, file.length() - 5) : file,
                  new Provenance(
                      Instant.now().truncatedTo(ChronoUnit.SECONDS),
                      "wassette-tape " + Version.HARNESS,
                      live.runtime(),
                      live.components(),
                      List.of())));
      TapeFile.write(tape, recorded);
      System.err.println(
          "wassette-tape record: wrote "
              + tape
              + " ("
              + recorded.interactions().size()
              + " interactions)");
      return 0;
    }
  }
}
