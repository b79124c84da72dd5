package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.transport.LineReader;
import dev.wassettetape.transport.StreamTransport;
import dev.wassettetape.transport.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
      this.process = pb.start();
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
            this::diagnostics);
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
    String state =
        process.isAlive() ? "still running" : "exited with status " + process.exitValue();
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
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    transport.close();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
