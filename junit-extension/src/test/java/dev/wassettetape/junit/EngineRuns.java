package dev.wassettetape.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.wassettetape.server.CommandServer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixtures with JUnit itself (EngineTestKit) as a developer would, against the real
 * server-everything from the project's npm install, and reads what they left.
 */
final class EngineRuns {

  static final Path TAPES = Path.of("src/test/resources/tapes").toAbsolutePath();
  static final AtomicInteger STARTS = new AtomicInteger();

  private EngineRuns() {}

  /** The real server-everything; counts its starts. */
  static LiveServer everything() {
    STARTS.incrementAndGet();
    Path root =
        Path.of(System.getProperty("wassette-tape.root", "..")).toAbsolutePath().normalize();
    return CommandServer.start(
        List.of(
            "node",
            root.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
                .toString(),
            "stdio"),
        null);
  }

  /** Runs a whole fixture class in a mode, with tapes in {@code dir}, and more parameters. */
  static Events run(Class<?> fixture, String mode, Path dir, String... more) {
    return run(selectClass(fixture), mode, dir, more);
  }

  /** Runs one test method, as an IDE's "run this test" or {@code -Dtest=Class#method} does. */
  static Events runMethod(Class<?> fixture, String method, String mode, Path dir, String... more) {
    java.lang.reflect.Method m =
        java.util.Arrays.stream(fixture.getDeclaredMethods())
            .filter(x -> x.getName().equals(method))
            .findFirst()
            .orElseThrow();
    return run(selectMethod(fixture, m), mode, dir, more);
  }

  static Events run(DiscoverySelector selector, String mode, Path dir, String... more) {
    var request =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selector)
            .configurationParameter(WassetteTape.MODE_PROPERTY, mode)
            .configurationParameter(WassetteTape.DIR_PROPERTY, dir.toString());
    for (int k = 0; k < more.length; k += 2) {
      request = request.configurationParameter(more[k], more[k + 1]);
    }
    return request.execute().allEvents();
  }

  /**
   * Runs a test as on a developer's machine (no CI, no WASSETTE_TAPE_MODE), whatever runs it:
   * {@code @ExtendWith(EngineRuns.DevelopersMachine.class)}.
   */
  static final class DevelopersMachine implements BeforeEachCallback, AfterEachCallback {
    private UnaryOperator<String> real;

    @Override
    public void beforeEach(ExtensionContext context) {
      real = ModeResolver.environment;
      ModeResolver.environment = name -> null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
      ModeResolver.environment = real;
    }
  }

  /** Configuration parameters that run a fixture's tests concurrently. */
  static String[] concurrently() {
    return new String[] {
      "junit.jupiter.execution.parallel.enabled", "true",
      "junit.jupiter.execution.parallel.mode.default", "concurrent",
      "junit.jupiter.execution.parallel.config.strategy", "fixed",
      "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"
    };
  }

  /** The failure of a finished event. */
  static Throwable failure(Event event) {
    return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  /** One chapter's text, exactly as the tape file prints it. */
  static String chapterText(Path tape, String key) {
    return TapeFile.pretty(TapeWriter.toJson(TapeFile.read(tape)).path("chapters").path(key));
  }
}
