package dev.wassettetape.cli;

import dev.wassettetape.server.CommandServer;
import dev.wassettetape.server.LiveServer;
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
import java.util.Set;
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
      description = "A value the components may read (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(
      names = "--secret",
      paramLabel = "KEY",
      description =
          "An --env key whose value is secret: it is written to the tape as <redacted:KEY> (repeatable).")
  List<String> secretKeys = new ArrayList<>();

  @Option(
      names = "--secret-field",
      paramLabel = "NAME",
      description =
          "A field name whose values are secret wherever they appear, e.g. apiKey (repeatable).")
  List<String> secretFields = new ArrayList<>();

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

  @Parameters(
      paramLabel = "COMMAND",
      description = "Instead of components: any stdio MCP server command, after --.")
  List<String> command = new ArrayList<>();

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  LiveServer start() {
    if (!components.isEmpty() && !command.isEmpty()) {
      throw new IllegalArgumentException(
          "give either --component or a server command after --, not both");
    }
    if (!command.isEmpty()) {
      return CommandServer.start(command, null);
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException(
          "no server: give --component X.wasm (Wassette) or a server command after --");
    }
    WassetteInstallation installation =
        wassette != null
            ? WassetteInstallation.probe(wassette, "--wassette")
            : WassetteInstallation.locate();
    WassetteLauncher launcher = WassetteLauncher.of(installation).env(env);
    for (Path wasm : components) {
      Component c = Component.of(wasm);
      launcher.component(policy != null && components.size() == 1 ? c.withPolicy(policy) : c);
    }
    return WassetteServer.launch(launcher);
  }

  Secrets secrets() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : secretKeys) {
      String value = env.get(key);
      if (value == null) {
        throw new IllegalArgumentException("--secret " + key + " names no --env " + key + "=...");
      }
      values.put(key, value);
    }
    return Secrets.of(values).withFieldNames(Set.copyOf(secretFields));
  }
}
