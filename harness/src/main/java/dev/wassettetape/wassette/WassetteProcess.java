package dev.wassettetape.wassette;

import dev.wassettetape.process.ChildProcesses;
import dev.wassettetape.transport.LineReader;
import dev.wassettetape.transport.StreamTransport;
import dev.wassettetape.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A running Wassette: its stdio as a {@link Transport}, its stderr for diagnostics. {@link
 * #close()} ends it (SIGTERM, then a forced kill after the grace period, children included) and
 * deletes its private directory. Wassette ignores EOF on stdin, so closing the transport alone
 * would leave it running.
 */
public final class WassetteProcess implements AutoCloseable {

  private final Process process;
  private final StderrLog stderr;
  private final Path workDir;
  private final Path componentDir;
  private final List<String> command;
  private final WassetteInstallation installation;
  private final List<Component> components;
  private final Duration shutdownGrace;
  private final StreamTransport transport;

  WassetteProcess(
      Process process,
      StderrLog stderr,
      Path workDir,
      Path componentDir,
      List<String> command,
      WassetteInstallation installation,
      List<Component> components,
      Duration shutdownGrace) {
    this.process = process;
    this.stderr = stderr;
    this.workDir = workDir;
    this.componentDir = componentDir;
    this.command = List.copyOf(command);
    this.installation = installation;
    this.components = List.copyOf(components);
    this.shutdownGrace = shutdownGrace;
    this.transport =
        new StreamTransport(
            process.getInputStream(),
            process.getOutputStream(),
            "wassette[pid " + process.pid() + "]",
            LineReader.DEFAULT_MAX_LINE_BYTES,
            this::diagnostics);
  }

  void awaitReady(String line, Duration timeout) {
    boolean ready;
    try {
      ready = stderr.await(line, timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new WassetteException("interrupted while Wassette loaded its components");
    }
    if (!ready) {
      String why =
          process.isAlive()
              ? "did not finish loading its components within " + timeout.toSeconds() + " s"
              : "exited";
      String diagnostics = diagnostics();
      close();
      throw new WassetteException("Wassette " + why + ". " + diagnostics);
    }
  }

  /** The MCP stdio channel to this Wassette. */
  public Transport transport() {
    return transport;
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public WassetteInstallation installation() {
    return installation;
  }

  public List<Component> components() {
    return components;
  }

  public Path componentDir() {
    return componentDir;
  }

  /** The process state and stderr tail, for error messages. */
  public String diagnostics() {
    return "Wassette "
        + ChildProcesses.state(process)
        + " (started as `"
        + String.join(" ", command)
        + "`); last lines of its stderr:\n"
        + indent(stderr.tail());
  }

  private static String indent(String text) {
    return text.isEmpty()
        ? "  <nothing>"
        : text.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  @Override
  public void close() {
    ChildProcesses.end(process, shutdownGrace); // SIGTERM first: Wassette does not exit on EOF
    transport.close();
    Directories.deleteRecursively(workDir);
  }
}
