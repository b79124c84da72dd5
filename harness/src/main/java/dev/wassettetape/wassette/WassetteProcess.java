package dev.wassettetape.wassette;

import dev.wassettetape.internal.process.ChildProcesses;
import dev.wassettetape.internal.transport.LineReader;
import dev.wassettetape.internal.transport.StreamTransport;
import dev.wassettetape.internal.transport.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running Wassette: its stdio as a {@link Transport} (or, served over Streamable HTTP, its {@link
 * #url()}), its stderr for diagnostics. {@link #close()} ends it (SIGTERM, then a forced kill after
 * the grace period, children included) and deletes its private directory. Wassette ignores EOF on
 * stdin, so closing the transport alone would leave it running.
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
  private final StreamTransport transport; // null when served over HTTP
  private final URI url;

  WassetteProcess(
      Process process,
      StderrLog stderr,
      Path workDir,
      Path componentDir,
      List<String> command,
      WassetteInstallation installation,
      List<Component> components,
      Duration shutdownGrace,
      URI url) {
    this.process = process;
    this.stderr = stderr;
    this.workDir = workDir;
    this.componentDir = componentDir;
    this.command = List.copyOf(command);
    this.installation = installation;
    this.components = List.copyOf(components);
    this.shutdownGrace = shutdownGrace;
    this.url = url;
    this.transport =
        url != null
            ? null
            : new StreamTransport(
                    process.getInputStream(),
                    process.getOutputStream(),
                    "wassette[pid " + process.pid() + "]",
                    LineReader.DEFAULT_MAX_LINE_BYTES,
                    this::diagnostics)
                .abortedBy(() -> ChildProcesses.kill(process));
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
    if (transport == null) {
      throw new IllegalStateException(
          "this Wassette serves Streamable HTTP at " + url + ", not stdio");
    }
    return transport;
  }

  /** Its Streamable HTTP endpoint ({@code http://127.0.0.1:PORT/mcp}); empty over stdio. */
  public Optional<URI> url() {
    return Optional.ofNullable(url);
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
    if (transport != null) {
      transport.close();
    }
    Directories.deleteRecursively(workDir);
  }
}
