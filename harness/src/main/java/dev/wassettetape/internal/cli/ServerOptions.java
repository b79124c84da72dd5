package dev.wassettetape.internal.cli;

import dev.wassettetape.server.CommandServer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.server.UrlServer;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** How the record and verify commands start the live server: Wassette components or a command. */
final class ServerOptions {

  @Option(
      names = "--component",
      paramLabel = "WASM",
      description =
          "A component for Wassette to run (repeatable). Its policy is <name>.policy.yaml beside it, if present.")
  List<Path> components = new ArrayList<>();

  @Option(
      names = "--policy",
      paramLabel = "YAML",
      description = "Policy for the (single) component, instead of the one beside it.")
  Path policy;

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description =
          "A value the components may read (repeatable). Never a secret: see --secret-env and"
              + " --env-file.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Values the components may read, as KEY=VALUE lines (# comments allowed).")
  Path envFile;

  @Mixin SecretOptions secret = new SecretOptions();

  /** Where --secret-env values come from. */
  UnaryOperator<String> environment = System::getenv;

  @Option(
      names = "--wassette",
      paramLabel = "PATH",
      description =
          "The Wassette binary (default: -Dwassette.binary, WASSETTE_BIN, .tools/, PATH).")
  Path wassette;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long the server may take to answer one request.")
  long timeoutSeconds;

  @Option(
      names = "--serve-http",
      description =
          "Run the components under wassette serve --streamable-http (on a free loopback port)"
              + " instead of wassette run on stdio; needed for tapes of the stateless protocol.")
  boolean serveHttp;

  @Option(
      names = "--server-url",
      paramLabel = "URL",
      description =
          "Instead of components or a command: a Streamable HTTP MCP server already running there"
              + " (e.g. wassette serve --streamable-http: http://127.0.0.1:9001/mcp).")
  String serverUrl;

  @Parameters(
      paramLabel = "COMMAND",
      description = "Instead of components: any stdio MCP server command, after --.")
  List<String> command = new ArrayList<>();

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /**
   * What the components read: the env file's values, then --env, then --secret-env.
   *
   * @throws IllegalArgumentException for a secret given with --env
   */
  Map<String, String> env() {
    for (String key : secret.keys()) {
      if (env.containsKey(key)) {
        throw new IllegalArgumentException(
            "--env "
                + key
                + "=... puts the secret "
                + key
                + " on the command line, where ps and shell history show it: use --secret-env "
                + key
                + " (its value from the environment), or --env-file FILE with --secret "
                + key);
      }
    }
    Map<String, String> all = new LinkedHashMap<>(fileEnv());
    all.putAll(env);
    all.putAll(secret.env(environment));
    return all;
  }

  private Map<String, String> fileEnv() {
    return envFile == null ? Map.of() : EnvFile.read(envFile);
  }

  /**
   * Starts the server.
   *
   * @param builtinTools whether Wassette offers its built-in tools
   */
  LiveServer start(boolean builtinTools) {
    int servers =
        (components.isEmpty() ? 0 : 1) + (command.isEmpty() ? 0 : 1) + (serverUrl == null ? 0 : 1);
    if (servers > 1) {
      throw new IllegalArgumentException(
          "give one server: --component, --server-url or a server command after --");
    }
    if (serverUrl != null) {
      return UrlServer.of(serverUrl);
    }
    if (!command.isEmpty()) {
      return CommandServer.start(command, null);
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException(
          "no server: give --component X.wasm (Wassette), --server-url URL or a server command"
              + " after --");
    }
    WassetteInstallation installation =
        wassette != null
            ? WassetteInstallation.probe(wassette, "--wassette")
            : WassetteInstallation.locate();
    WassetteLauncher launcher =
        WassetteLauncher.of(installation).env(env()).builtinTools(builtinTools);
    if (serveHttp) {
      launcher.streamableHttp();
    }
    for (Path wasm : components) {
      Component c = Component.of(wasm);
      launcher.component(policy != null && components.size() == 1 ? c.withPolicy(policy) : c);
    }
    return WassetteServer.launch(launcher);
  }

  /** The secrets, which a live server needs the values of. */
  Secrets secrets() {
    env(); // refuses a secret given with --env
    return secret.secrets(fileEnv(), environment, true);
  }
}
