package dev.wassettetape.wassette;

import dev.wassettetape.internal.process.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts Wassette on stdio with a set of components, each run in a fresh, isolated directory.
 *
 * <pre>{@code
 * try (WassetteProcess wassette = WassetteLauncher.of(WassetteInstallation.locate())
 *     .component(Component.of(Path.of("target/components/weather.wasm")))
 *     .env("WEATHER_API_URL", backendUrl)
 *     .launch()) {
 *   McpClient client = new McpClient(wassette.transport(), Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p><b>Command line by version:</b> 0.4 and newer {@code run --component-dir DIR --env-file F};
 * 0.3 {@code serve --stdio --plugin-dir DIR --env-file F}; 0.2 {@code serve --stdio --plugin-dir
 * DIR} with the values in the process environment. Values go through a private env file (mode 600)
 * rather than {@code --env}, so secrets do not show in the process list.
 *
 * <p><b>Deterministic start:</b> components are placed, already compiled (see {@link
 * CompiledComponentCache}), in the component directory before Wassette starts; Wassette loads them
 * in the background and logs {@value #READY_LINE} when all are loaded. {@link #launch()} returns
 * only after that line, before any MCP traffic, so the first {@code tools/list} and {@code
 * tools/call} see every component, and no {@code notifications/tools/list_changed} from the
 * background load reaches the session (they are sent only to an initialised peer, and there is none
 * yet). See docs/wassette-wire-notes.md for the measurements behind this.
 */
public final class WassetteLauncher {

  /** What Wassette (0.8) logs at INFO on stderr once every component present at start is loaded. */
  public static final String READY_LINE = "Background component loading completed";

  /** What {@code wassette serve --streamable-http} logs once it listens (before loading). */
  public static final String LISTENING_LINE = "MCP server is ready and listening";

  private final WassetteInstallation wassette;
  private final List<Component> components = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private CompiledComponentCache cache = CompiledComponentCache.standard();
  private boolean builtinTools;
  private boolean http;
  private Duration startupTimeout = Duration.ofSeconds(120);
  private Duration shutdownGrace = Duration.ofSeconds(5);

  private WassetteLauncher(WassetteInstallation wassette) {
    this.wassette = Objects.requireNonNull(wassette);
  }

  public static WassetteLauncher of(WassetteInstallation wassette) {
    return new WassetteLauncher(wassette);
  }

  public WassetteLauncher component(Component component) {
    if (components.stream().anyMatch(c -> c.id().equals(component.id()))) {
      throw new IllegalArgumentException("two components with id '" + component.id() + "'");
    }
    components.add(component);
    return this;
  }

  /** A value the components may read (when their policy allows the key). */
  public WassetteLauncher env(String key, String value) {
    if (key.isEmpty() || key.contains("=") || key.contains("\n") || value.contains("\n")) {
      throw new IllegalArgumentException("environment entries are KEY=single-line value: " + key);
    }
    env.put(key, value);
    return this;
  }

  public WassetteLauncher env(Map<String, String> values) {
    values.forEach(this::env);
    return this;
  }

  /**
   * Whether Wassette offers its built-in tools ({@code load-component}, {@code grant-*}, ...).
   * Default: off ({@code --disable-builtin-tools}), so that a session shows only the components'
   * tools. Wassette turns them on or off all together; which ones a client may call is the proxy's
   * {@code AccessControl}.
   */
  public WassetteLauncher builtinTools(boolean on) {
    this.builtinTools = on;
    return this;
  }

  /**
   * Serves over Streamable HTTP ({@code wassette serve --streamable-http}, Wassette 0.4 and newer)
   * on a free loopback port instead of stdio: {@link WassetteProcess#url()} is then its MCP
   * endpoint. Same private directories, compiled cache, env file and readiness wait as stdio.
   */
  public WassetteLauncher streamableHttp() {
    this.http = true;
    return this;
  }

  public WassetteLauncher cache(CompiledComponentCache cache) {
    this.cache = Objects.requireNonNull(cache);
    return this;
  }

  /** How long to wait for Wassette to load its components (first compile included). */
  public WassetteLauncher startupTimeout(Duration timeout) {
    this.startupTimeout = timeout;
    return this;
  }

  /** How long Wassette may take to exit after SIGTERM before it is killed. */
  public WassetteLauncher shutdownGrace(Duration grace) {
    this.shutdownGrace = grace;
    return this;
  }

  public WassetteInstallation installation() {
    return wassette;
  }

  public List<Component> components() {
    return List.copyOf(components);
  }

  /** Starts Wassette; returns once every component is loaded. */
  public WassetteProcess launch() {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("wassette-tape-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory", e);
    }
    Process process = null;
    try {
      Path componentDir = workDir.resolve("components");
      Files.createDirectories(componentDir);
      for (Component component : components) {
        cache.installInto(componentDir, wassette, component);
      }
      Path envFile = workDir.resolve("component.env");
      Files.createFile(
          envFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      StringBuilder lines = new StringBuilder();
      env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
      Files.writeString(envFile, lines, StandardCharsets.UTF_8);

      String bind = http ? "127.0.0.1:" + freeLoopbackPort() : null;
      List<String> command = commandLine(wassette, componentDir, envFile, builtinTools, bind);
      ProcessBuilder pb = new ProcessBuilder(command);
      // serve logs to stdout (run keeps stdout for MCP and logs to stderr): read them as one
      pb.redirectErrorStream(http);
      isolate(pb.environment(), workDir);
      if (!wassette.version().atLeast(0, 3)) {
        pb.environment().putAll(env);
      }
      process = ChildProcesses.start(pb);
      StderrLog stderr =
          new StderrLog(
              http ? process.getInputStream() : process.getErrorStream(),
              "wassette[pid " + process.pid() + "]");
      WassetteProcess running =
          new WassetteProcess(
              process,
              stderr,
              workDir,
              componentDir,
              command,
              wassette,
              components,
              shutdownGrace,
              bind == null ? null : URI.create("http://" + bind + "/mcp"));
      if (!components.isEmpty()) {
        // over HTTP too: it listens at once and loads in the background (/ready says nothing)
        running.awaitReady(READY_LINE, startupTimeout);
      } else if (http) {
        running.awaitReady(LISTENING_LINE, startupTimeout);
      }
      return running;
    } catch (IOException e) {
      destroy(process);
      Directories.deleteRecursively(workDir);
      throw new UncheckedIOException("could not start " + wassette.binary(), e);
    } catch (RuntimeException e) {
      destroy(process);
      Directories.deleteRecursively(workDir);
      throw e;
    }
  }

  /** A port free on 127.0.0.1 now (Wassette binds it a moment later; a clash fails its start). */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void destroy(Process process) {
    if (process != null) {
      ChildProcesses.end(process, Duration.ZERO);
    }
  }

  /** The command line; {@code bind} (host:port) serves Streamable HTTP there, null stdio. */
  static List<String> commandLine(
      WassetteInstallation wassette,
      Path componentDir,
      Path envFile,
      boolean builtinTools,
      String bind) {
    List<String> command = new ArrayList<>();
    command.add(wassette.binary().toString());
    WassetteVersion v = wassette.version();
    if (bind != null && !v.atLeast(0, 4)) {
      throw new WassetteException(
          "Streamable HTTP needs Wassette 0.4 or newer; "
              + wassette.binary()
              + " is "
              + v
              + ". Use stdio, or install a newer Wassette (scripts/install-wassette.sh).");
    }
    if (v.atLeast(0, 4)) {
      command.addAll(
          bind == null
              ? List.of("run")
              : List.of("serve", "--streamable-http", "--bind-address", bind));
      command.addAll(
          List.of("--component-dir", componentDir.toString(), "--env-file", envFile.toString()));
      if (!builtinTools) {
        command.add("--disable-builtin-tools");
      }
    } else {
      command.addAll(List.of("serve", "--stdio", "--plugin-dir", componentDir.toString()));
      if (v.atLeast(0, 3)) {
        command.addAll(List.of("--env-file", envFile.toString()));
      }
    }
    return command;
  }

  /**
   * Points every place Wassette keeps state at a private directory, so runs never share or leak
   * state, and turns on the INFO log that {@link #READY_LINE} is part of.
   */
  static void isolate(Map<String, String> environment, Path workDir) {
    environment.put("XDG_CONFIG_HOME", workDir.resolve("xdg-config").toString());
    environment.put("XDG_DATA_HOME", workDir.resolve("xdg-data").toString());
    environment.put("XDG_CACHE_HOME", workDir.resolve("xdg-cache").toString());
    environment.put("XDG_STATE_HOME", workDir.resolve("xdg-state").toString());
    environment.put("WASSETTE_CONFIG_FILE", workDir.resolve("wassette-config.toml").toString());
    environment.put("RUST_LOG", "info");
    environment.put("NO_COLOR", "1");
  }
}
