package dev.wassettetape.internal.cli;

import dev.wassettetape.tape.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * What is secret, for the commands that see traffic: no secret value is ever given on the command
 * line (where {@code ps} and shell history would show it), only names.
 */
final class SecretOptions {

  @Option(
      names = "--secret-env",
      paramLabel = "KEY",
      description =
          "A secret the components may read, its value taken from this environment variable;"
              + " written to tapes as <redacted:KEY> (repeatable).")
  List<String> secretEnv = new ArrayList<>();

  @Option(
      names = "--secret",
      paramLabel = "KEY",
      description =
          "A key of --env-file whose value is secret: written to tapes as <redacted:KEY> (repeatable).")
  List<String> secretKeys = new ArrayList<>();

  @Option(
      names = "--secret-field",
      paramLabel = "NAME[=ENV]",
      description =
          "A field name whose values are secret wherever they appear, e.g. apiKey; with =ENV, its"
              + " live value is read from that environment variable, so that verify can send it"
              + " (repeatable).")
  List<String> secretFields = new ArrayList<>();

  /** Every key that is secret (of the environment or an env file). */
  List<String> keys() {
    List<String> keys = new ArrayList<>(secretEnv);
    keys.addAll(secretKeys);
    return keys;
  }

  /**
   * The secrets.
   *
   * @param fileEnv the values of --env-file
   * @param environment this process's environment, e.g. {@code System::getenv}
   * @param live whether a live server needs the values (else a value not set is left out)
   */
  Secrets secrets(Map<String, String> fileEnv, UnaryOperator<String> environment, boolean live) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : secretEnv) {
      String value = environment.apply(key);
      if (value == null && live) {
        throw new IllegalArgumentException(
            "--secret-env " + key + ": the environment variable " + key + " is not set");
      }
      values.put(key, value);
    }
    for (String key : secretKeys) {
      String value = fileEnv.get(key);
      if (value == null && live) {
        throw new IllegalArgumentException(
            "--secret "
                + key
                + " names no key of an --env-file; to read it from the environment, use"
                + " --secret-env "
                + key);
      }
      values.put(key, value);
    }
    Secrets secrets = Secrets.of(values);
    for (String field : secretFields) {
      int eq = field.indexOf('=');
      secrets =
          eq < 0
              ? secrets.withField(field, null)
              : secrets.withField(
                  field.substring(0, eq), environment.apply(field.substring(eq + 1)));
    }
    return secrets;
  }

  /** The values the components read from the environment: those of --secret-env. */
  Map<String, String> env(UnaryOperator<String> environment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String key : secretEnv) {
      String value = environment.apply(key);
      if (value != null) {
        env.put(key, value);
      }
    }
    return env;
  }
}
