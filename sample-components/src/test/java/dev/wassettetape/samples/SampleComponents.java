package dev.wassettetape.samples;

import dev.wassettetape.junit.WassetteTapeExtension;
import dev.wassettetape.wassette.Component;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put our sample components (see build-components.mjs). */
public final class SampleComponents {

  public static final String WEATHER_TOOL = "get-weather";
  public static final String NOW_TOOL = "wassette-tape_clock_clock_now";
  public static final String NEW_ID_TOOL = "wassette-tape_clock_clock_new-id";

  private SampleComponents() {}

  public static Path dir() {
    Path dir = Path.of(System.getProperty("components.dir", "target/components"));
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "no built components in "
              + dir.toAbsolutePath()
              + "; run ./mvnw -pl sample-components generate-resources");
    }
    return dir;
  }

  /**
   * The path of a built component, e.g. {@code weather} → {@code target/components/weather.wasm}.
   */
  public static Path wasm(String name) {
    return dir().resolve(name + ".wasm");
  }

  public static Component weather() {
    return Component.of(dir().resolve("weather.wasm"));
  }

  public static Component clock() {
    return Component.of(dir().resolve("clock.wasm"));
  }

  /**
   * The weather component as the samples configure it: its backend's URL (asked only when the
   * component starts, never in replay), its key as a secret, only {@code get-weather} allowed.
   */
  public static WassetteTapeExtension.Builder weatherTape(LazyBackend backend) {
    return WassetteTapeExtension.builder()
        .component(wasm("weather"))
        .env("WEATHER_API_URL", backend::url)
        .secretEnv("WEATHER_API_KEY", () -> WeatherBackend.API_KEY)
        .allowTools(WEATHER_TOOL);
  }

  /** A policy from src/test/resources/policies. */
  public static Path policy(String name) {
    return Path.of("src/test/resources/policies", name).toAbsolutePath();
  }
}
