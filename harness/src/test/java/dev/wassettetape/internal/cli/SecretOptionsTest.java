package dev.wassettetape.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.tape.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** No secret value on the command line: only names, values from the environment or a file. */
class SecretOptionsTest {

  static final Map<String, String> ENVIRONMENT =
      Map.of("WEATHER_API_KEY", "env-value-123456", "FIELD_VALUE", "field-value-123456");

  static RecordCommand record(String... args) {
    RecordCommand command = new RecordCommand();
    new CommandLine(command).parseArgs(args);
    command.server.environment = ENVIRONMENT::get;
    return command;
  }

  @Test
  void aSecretGivenWithEnvIsRefusedWithTheWayToGiveIt() {
    RecordCommand command =
        record(
            "--tape",
            "t.json",
            "--env",
            "WEATHER_API_KEY=visible-in-ps-1234",
            "--secret-env",
            "WEATHER_API_KEY");

    assertThatThrownBy(() -> command.server.secrets())
        .hasMessageContaining(
            "--env WEATHER_API_KEY=... puts the secret WEATHER_API_KEY on the" + " command line")
        .hasMessageContaining("--secret-env WEATHER_API_KEY")
        .hasMessageContaining("--env-file")
        .hasMessageNotContaining("visible-in-ps-1234");
  }

  @Test
  void secretEnvReadsTheValueFromTheEnvironmentAndPassesItToTheComponents() {
    RecordCommand command =
        record("--tape", "t.json", "--env", "CITY=Oslo", "--secret-env", "WEATHER_API_KEY");

    Secrets secrets = command.server.secrets();

    assertThat(command.server.env())
        .containsEntry("WEATHER_API_KEY", "env-value-123456")
        .containsEntry("CITY", "Oslo");
    assertThat(secrets.redact("key=env-value-123456")).isEqualTo("key=<redacted:WEATHER_API_KEY>");
  }

  @Test
  void aSecretEnvThatIsNotSetIsAClearErrorLiveAndLeftOutInReplay() {
    RecordCommand command = record("--tape", "t.json", "--secret-env", "NOT_SET_ANYWHERE");
    assertThatThrownBy(() -> command.server.secrets())
        .hasMessage(
            "--secret-env NOT_SET_ANYWHERE: the environment variable NOT_SET_ANYWHERE is not set");

    ReplayCommand replay = new ReplayCommand();
    new CommandLine(replay).parseArgs("--tape", "t.json", "--secret-env", "NOT_SET_ANYWHERE");
    assertThat(replay.secret.secrets(Map.of(), ENVIRONMENT::get, false).names()).isEmpty();
  }

  @Test
  void anEnvFileGivesValuesAndSecretMarksItsKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("weather.env");
    Files.writeString(
        file,
        "# the backend\nexport WEATHER_API_URL=http://127.0.0.1:1/\n\n"
            + "WEATHER_API_KEY=\"file-value-123456\"\n");
    RecordCommand command =
        record("--tape", "t.json", "--env-file", file.toString(), "--secret", "WEATHER_API_KEY");

    assertThat(command.server.env())
        .containsEntry("WEATHER_API_URL", "http://127.0.0.1:1/")
        .containsEntry("WEATHER_API_KEY", "file-value-123456");
    assertThat(command.server.secrets().names()).containsExactly("WEATHER_API_KEY");
  }

  @Test
  void anUnreadableEnvFileLineNamesFileAndLineButNotTheValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.env");
    Files.writeString(file, "A=1\nthis-is-the-secret-line\n");
    RecordCommand command = record("--tape", "t.json", "--env-file", file.toString());

    assertThatThrownBy(command.server::env)
        .hasMessageStartingWith(file + ":2: expected KEY=VALUE")
        .hasMessageNotContaining("this-is-the-secret-line");
  }

  @Test
  void aShortSecretInAnEnvFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("short.env");
    Files.writeString(file, "PIN=1234\n");
    RecordCommand command =
        record("--tape", "t.json", "--env-file", file.toString(), "--secret", "PIN");

    assertThatThrownBy(() -> command.server.secrets())
        .hasMessageContaining("the secret PIN is 4 characters long");
  }

  @Test
  void aSecretFieldMayTakeItsLiveValueFromTheEnvironment() {
    RecordCommand command =
        record(
            "--tape", "t.json", "--secret-field", "apiKey=FIELD_VALUE", "--secret-field", "token");

    Secrets secrets = command.server.secrets();

    assertThat(secrets.names()).containsExactly("apiKey", "token");
    assertThat(secrets.redact("x field-value-123456 y")).isEqualTo("x <redacted:apiKey> y");
  }
}
