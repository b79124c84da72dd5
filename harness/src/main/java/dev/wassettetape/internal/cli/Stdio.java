package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.process.ChildProcesses;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.LineReader;
import dev.wassettetape.internal.transport.StreamTransport;
import dev.wassettetape.internal.transport.Transport;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Our own stdin/stdout as the MCP channel to an outside client; everything else goes to stderr. */
final class Stdio {

  private Stdio() {}

  static StreamTransport clientTransport() {
    // Keep stray prints off the MCP channel: System.out now writes to stderr.
    FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    return new StreamTransport(
        new FileInputStream(FileDescriptor.in),
        stdout,
        "client (stdio)",
        LineReader.DEFAULT_MAX_LINE_BYTES,
        () -> "the MCP client on stdio");
  }

  /**
   * Runs a command whose session ends at the end of its input, and makes SIGTERM end it the same
   * way. MCP's stdio shutdown is "close stdin, wait, SIGTERM", and a client may send both at once:
   * whichever comes first, the command does its work (writes the tape, reports) and the process
   * exits with the command's own code.
   *
   * <p>The hook cannot tell a SIGTERM from our own {@code System.exit}, and a SIGTERM that comes
   * just as the command ends wins the JVM's exit (status 143) over it; so the hook always ends the
   * input, waits for the command and halts with its code, after ending our children itself (the
   * halt does not wait for the other hooks).
   *
   * @param endInput ends the command's input (its clients), as the end of stdin does
   */
  static int untilEnd(Runnable endInput, Callable<Integer> command) throws Exception {
    AtomicInteger code = new AtomicInteger(2); // as Main answers a command that throws
    CountDownLatch done = new CountDownLatch(1);
    Thread onTerminate =
        new Thread(
            () -> {
              try {
                endInput.run(); // SIGTERM: the end of the input; after the command: no-op
                done.await(30, TimeUnit.SECONDS);
                ChildProcesses.endAll();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException | Error e) { // whatever it was, the command's code counts
                System.err.println("wassette-tape: while ending on SIGTERM: " + e);
              } finally {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code.get());
              }
            },
            "wassette-tape-sigterm");
    Runtime.getRuntime().addShutdownHook(onTerminate);
    ChildProcesses.endedByCaller(); // the hook above ends them, once the command is done
    try {
      code.set(command.call());
      return code.get();
    } finally {
      done.countDown();
    }
  }

  /** Answers the client's first request with an error saying why there is no session, then ends. */
  static void refuse(StreamTransport client, String why) throws InterruptedException {
    CountDownLatch answered = new CountDownLatch(1);
    client.start(
        new Transport.Listener() {
          @Override
          public void onMessage(JsonRpcMessage message) {
            if (message instanceof Request request) {
              try {
                client.send(Response.error(request.id(), McpProxy.SERVER_GONE, why, null));
              } catch (IOException ignored) {
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
    answered.await(30, TimeUnit.SECONDS);
    client.close();
  }
}
