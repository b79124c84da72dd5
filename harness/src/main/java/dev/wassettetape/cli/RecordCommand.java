package dev.wassettetape.cli;

import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.proxy.AccessControl;
import dev.wassettetape.proxy.McpProxy;
import dev.wassettetape.proxy.Recorder;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.transport.StreamTransport;
import dev.wassettetape.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
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

  @Mixin ServerOptions server;

  @Override
  public Integer call() throws Exception {
    Secrets secrets = server.secrets();
    StreamTransport client = Stdio.clientTransport();
    LiveServer live;
    try {
      live = server.start();
    } catch (RuntimeException e) {
      // The outside client only sees MCP: tell it why, in the answer to its first request.
      System.err.println("wassette-tape record: could not start the server: " + e.getMessage());
      refuseSession(client, "wassette-tape record could not start the server: " + e.getMessage());
      return 2;
    }
    Recorder recorder = new Recorder();
    try (live) {
      McpProxy proxy =
          new McpProxy(
                  client,
                  live.transport(),
                  List.of(
                      recorder,
                      allowTools == null
                          ? AccessControl.defaults()
                          : AccessControl.allowOnly(java.util.Set.copyOf(allowTools))),
                  server.timeout())
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
                  live.provenance()));
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

  /** Answers the client's first request with an error saying why there is no session, then ends. */
  static void refuseSession(StreamTransport client, String why) throws InterruptedException {
    java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
    client.start(
        new Transport.Listener() {
          @Override
          public void onMessage(JsonRpcMessage message) {
            if (message instanceof Request request) {
              try {
                client.send(Response.error(request.id(), McpProxy.SERVER_GONE, why, null));
              } catch (java.io.IOException ignored) {
                // the client is gone too
              }
              answered.countDown();
            }
          }

          @Override
          public void onClosed(String reason) {
            answered.countDown();
          }
        });
    answered.await(30, java.util.concurrent.TimeUnit.SECONDS);
    client.close();
  }
}
