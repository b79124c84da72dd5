package dev.wassettetape.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.wassette.Component;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** {@value WassetteTape#REPLACE_PROPERTY}: the upgrade check's new builds of components. */
class ReplacedComponentsTest {

  @TempDir Path dir;

  @Test
  void aComponentNamedByFileIsSwappedForItsNewBuildWithThatBuildsPolicyAndTheOldId()
      throws Exception {
    Path v1 = Files.writeString(dir.resolve("weather.wasm"), "");
    Path v2 = Files.writeString(dir.resolve("weather-v2.wasm"), "");
    Files.writeString(dir.resolve("weather-v2.policy.yaml"), "version: 1.0");
    Path clock = Files.writeString(dir.resolve("clock.wasm"), "");

    List<Component> out =
        TapeConfig.replaced(
            List.of(Component.of(v1), Component.of(clock)), "weather.wasm=" + v2, "[T]");

    assertThat(out.get(0).wasm()).isEqualTo(v2);
    assertThat(out.get(0).id()).isEqualTo("weather");
    assertThat(out.get(0).policy()).isEqualTo(dir.resolve("weather-v2.policy.yaml"));
    assertThat(out.get(1)).isEqualTo(Component.of(clock));
    assertThat(TapeConfig.replaced(List.of(Component.of(v1)), "", "[T]"))
        .containsExactly(Component.of(v1));
    assertThatThrownBy(() -> TapeConfig.replaced(List.of(), "weather.wasm", "[T]"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("write old.wasm=path/to/new.wasm");
  }
}
