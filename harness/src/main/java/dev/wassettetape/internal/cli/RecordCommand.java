package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.proxy.Recorder;
import dev.wassettetape.internal.proxy.RedactingTransport;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Acts as an MCP server for outside clients (stdio, or Streamable HTTP with --http) and records",
      "their session with the live server. The tape is written (atomically) when the session ends",
      "(stdio: the client ends it; --http: SIGTERM or Ctrl-C), as one chapter of it.",
      "Example: npx @modelcontextprotocol/inspector --cli java -jar wassette-tape.jar record --tape t.json -- node server.js --method tools/list"
    })
final class RecordCommand implements Callable<Integer> {

  @Option(
      names = "--tape",
      required = true,
      paramLabel = "FILE",
      description = "The tape to write.")
  Path tape;

  @Mixin AccessOptions access;

  @Mixin InterceptorOptions interceptors;

  @Option(
      names = "--chapter",
      paramLabel = "NAME",
      defaultValue = "session",
      description =
          "The chapter the session is recorded as (default: ${DEFAULT-VALUE}). Recording into an"
              + " existing tape replaces that chapter and keeps the others exactly.")
  String chapter;

  @Mixin ServerOptions server;

  @Mixin ClientSide clients;

  @Override
  public Integer call() throws Exception {
    return clients.untilEnd(this::record);
  }

  private int record() throws Exception {
    Tape existing = null;
    LiveServer live;
    Secrets secrets = Secrets.NONE;
    try {
      secrets = server.secrets();
      if (Files.exists(tape)) {
        existing = TapeFile.read(tape); // before anything starts: a tape we cannot read is kept
      }
      access.accessControl(); // refuses an unknown built-in before anything starts
      live = server.start(!access.builtins().isEmpty());
    } catch (RuntimeException e) {
      // The outside client only sees MCP: tell it why, in the answer to its first request.
      String why = secrets.redact(e.getMessage());
      System.err.println("wassette-tape record: " + why);
      clients.refuse("wassette-tape record cannot record: " + why);
      return 2;
    }
    try (live;
        Recorder recorder = new Recorder(secrets)) {
      McpProxy proxy =
          new McpProxy(
                  RedactingTransport.of(live.transport(), secrets),
                  interceptors.chain(
                      secrets, tape.getFileName().toString(), access.accessControl(), recorder),
                  server.timeout())
              .start();
      String ended = clients.serve(proxy, chapter, "record");
      proxy.close();
      proxy
          .problems()
          .forEach(p -> System.err.println("wassette-tape record: unusable input: " + p));
      System.err.println("wassette-tape record: session ended: " + ended);
      if (!recorder.hasHandshake()) {
        System.err.println(
            "wassette-tape record: the client never sent initialize; no tape written");
        return 1;
      }
      Provenance provenance = live.provenance().withRedacted(secrets.names());
      Map<String, Chapter> recorded = Map.of(chapter, recorder.chapter(chapter, provenance.at()));
      String file = tape.getFileName().toString();
      String name = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
      if (proxy.serverLost() != null) { // a session the server did not live through is no tape
        Path partial = TapeFile.beside(tape, "partial");
        TapeFile.write(
            partial, new Tape(name, provenance, recorder.handshake(), recorded), secrets);
        System.err.println(
            "wassette-tape record: the server went away mid-session: "
                + proxy.serverLost()
                + "\n"
                + tape
                + " was not changed; the session as far as it went is in "
                + partial);
        return 3;
      }
      Tape written =
          existing == null
              ? new Tape(name, provenance, recorder.handshake(), recorded)
              : existing.rewrite(provenance, recorder.handshake(), recorded, Set.of());
      TapeFile.write(tape, written, secrets);
      System.err.println(
          "wassette-tape record: wrote chapter '"
              + chapter
              + "' of "
              + tape
              + " ("
              + recorded.get(chapter).interactions().size()
              + " interactions)");
      return 0;
    }
  }
}
