package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.process.ChildProcesses;
import dev.wassettetape.internal.transport.LineReader;
import dev.wassettetape.internal.transport.StreamTransport;
import dev.wassettetape.internal.transport.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Any MCP server started as a command on stdio, e.g. {@code node
 * .../server-everything/dist/index.js stdio}. Its stderr is drained and its tail kept for error
 * messages. {@link #close()} closes its stdin, then sends SIGTERM, then kills it, children
 * included.
 */
public final class CommandServer implements LiveServer {

  private final List<String> command;
  private final Process process;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final StreamTransport transport;

  private CommandServer(List<String> command, Path workingDir) {
    this.command = List.copyOf(command);
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      if (workingDir != null) {
        pb.directory(workingDir.toFile());
      }
      this.process = ChildProcesses.start(pb);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start MCP server " + String.join(" ", command), e);
    }
    Thread drain = new Thread(this::drainStderr, "wassette-tape-stderr " + command.get(0));
    drain.setDaemon(true);
    drain.start();
    this.transport =
        new StreamTransport(
                process.getInputStream(),
                process.getOutputStream(),
                command.get(0) + "[pid " + process.pid() + "]",
                LineReader.DEFAULT_MAX_LINE_BYTES,
                this::diagnostics)
            .abortedBy(() -> ChildProcesses.kill(process));
  }

  public static CommandServer start(List<String> command, Path workingDir) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no server command given");
    }
    return new CommandServer(command, workingDir);
  }

  private void drainStderr() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (stderrTail) {
          if (stderrTail.size() == 40) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line);
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    }
  }

  private String diagnostics() {
    String state = ChildProcesses.state(process);
    synchronized (stderrTail) {
      return "Server `"
          + String.join(" ", command)
          + "` (pid "
          + process.pid()
          + ") is "
          + state
          + "; last lines of its stderr:\n  "
          + (stderrTail.isEmpty() ? "<nothing>" : String.join("\n  ", stderrTail));
    }
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public JsonNode runtime() {
    ObjectNode runtime = JsonNodeFactory.instance.objectNode();
    runtime.put("name", "command");
    runtime.put("command", Path.of(command.get(0)).getFileName().toString());
    return runtime;
  }

  @Override
  public List<JsonNode> components() {
    return List.of();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  @Override
  /**
   * Ends the server as MCP's stdio shutdown says: its stdin closed, a moment to exit, then SIGTERM,
   * then SIGKILL, children included. Closing is never waited on: a server that stopped reading may
   * hold a write of ours blocked until it is gone.
   */
  public void close() {
    Thread closing = new Thread(transport::close, "wassette-tape-close " + command.get(0));
    closing.setDaemon(true);
    closing.start();
    try {
      if (!ChildProcesses.awaitExit(process, Duration.ofSeconds(2))) {
        ChildProcesses.end(process, Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      ChildProcesses.end(process, Duration.ZERO);
      Thread.currentThread().interrupt();
    }
    ChildProcesses.end(process, Duration.ZERO); // whatever it started, too
  }
}
