package dev.wassettetape.junit;

import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.session.McpTransport;
import dev.wassettetape.session.Mode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class (or method) against a tape of an MCP session with a Wassette component:
 * recorded from the live component, replayed without it, or verified against it. The test receives
 * an initialised {@link dev.wassettetape.client.McpClient} as a parameter, or the {@link
 * java.net.URI} of a Streamable HTTP endpoint serving its chapter (see {@link #transport}).
 *
 * <pre>{@code
 * @WassetteTape(value = "clock.json", components = "target/components/clock.wasm")
 * class ClockComponentTest {
 *   @Test
 *   void nowIsAnIsoTimestamp(McpClient client) {
 *     ToolResult now = client.callTool("wassette-tape_clock_clock_now", Map.of());
 *     assertThat(Instant.parse(now.text())).isNotNull();
 *   }
 * }
 * }</pre>
 *
 * <p>On a class, one tape serves all its tests and those of its {@code @Nested} classes, with one
 * chapter per test: each test is answered from, recorded into and verified against its own chapter,
 * so a single test can run, record or verify alone; the tests that go live share one Wassette. On a
 * method (which wins over the class), the tape is that test's. Values known only at run time (a
 * backend's port, a secret from the environment) are configured with a {@link
 * WassetteTapeExtension#builder()} in a {@code @RegisterExtension} field instead of the attributes
 * here; the annotation then names only the tape.
 *
 * <p>Configuration parameters (JUnit's: {@code -D} through Maven, or {@code
 * junit-platform.properties}): {@value #MODE_PROPERTY}, {@value #DIR_PROPERTY}, {@value
 * #FAIL_ON_UNUSED_PROPERTY}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WassetteTapeExtension.class)
public @interface WassetteTape {

  /** The mode: RECORD, REPLAY, RECORD_MISSING, VERIFY or PASSTHROUGH. */
  String MODE_PROPERTY = "wassette.tape.mode";

  /** The environment variable read when {@value #MODE_PROPERTY} is not set. */
  String MODE_ENV = "WASSETTE_TAPE_MODE";

  /** The directory of tapes, relative to the working directory. Default: {@value #DEFAULT_DIR}. */
  String DIR_PROPERTY = "wassette.tape.dir";

  /** Where tapes are when {@value #DIR_PROPERTY} is not set. */
  String DEFAULT_DIR = "src/test/resources/tapes";

  /**
   * Whether taped interactions a replayed test never used fail it, and chapters of tests that no
   * longer exist fail a class that ran whole. Default: {@code true}.
   */
  String FAIL_ON_UNUSED_PROPERTY = "wassette.tape.failOnUnused";

  /**
   * A system property that swaps components when Wassette runs, for an upgrade check against new
   * builds: {@code old.wasm=path/to/new.wasm}, comma-separated, matched by file name; the new
   * component's policy is the one beside it.
   */
  String REPLACE_PROPERTY = "wassette.tape.replace";

  /**
   * Whether this run is on CI, where drift is only reported (ApprovalTests' {@code QuietReporter}:
   * no diff tool opens, nothing is approved): {@code true} or {@code false}. Default: whether the
   * environment variable {@code CI} is set (and not {@code false}), as most CI services do.
   */
  String CI_PROPERTY = "wassette.tape.ci";

  /**
   * {@code true} prints every message of the session as it passes (to stderr), pretty and redacted,
   * with the chapter it belongs to and timings: the live trace. Default: {@code false}.
   */
  String TRACE_PROPERTY = "wassette.tape.trace";

  /** The tape's file name in the tape directory, e.g. {@code "weather.json"}. */
  String value();

  /**
   * The mode when neither the configuration parameter nor the environment sets one, e.g. {@code
   * mode = Mode.REPLAY}; none (the default): {@code REPLAY} on CI, {@code RECORD_MISSING}
   * elsewhere.
   */
  Mode[] mode() default {};

  /**
   * How the test reaches the component: {@code STDIO} (the default: an in-process client, Wassette
   * over stdio) or {@code HTTP} (Streamable HTTP: the injected client speaks HTTP to the harness's
   * endpoint, and Wassette runs as {@code wassette serve --streamable-http}). Either way a test may
   * take a {@link java.net.URI} parameter, its chapter's endpoint, for code that makes its own MCP
   * connections. The tape is the same.
   */
  McpTransport transport() default McpTransport.STDIO;

  /**
   * Components ({@code .wasm} paths) Wassette runs; each with {@code <name>.policy.yaml} beside it,
   * if any.
   */
  String[] components() default {};

  /** {@code KEY=VALUE} values the components may read (their policy must allow the key). */
  String[] env() default {};

  /**
   * Keys of {@link #env()} whose values are secret: written to the tape as {@code <redacted:KEY>}.
   */
  String[] secretEnv() default {};

  /**
   * Field names whose values are secret wherever they appear in the traffic (any depth, any case),
   * e.g. {@code apiKey} or {@code Authorization}: written to the tape as {@code <redacted:NAME>}.
   * To let verify send a live value, give it with {@link
   * WassetteTapeExtension.Builder#secretField(String, java.util.function.Supplier)}.
   */
  String[] secretFields() default {};

  /**
   * When not empty, only these tools may be called; otherwise all but Wassette's
   * permission-widening built-ins.
   */
  String[] allowTools() default {};

  /**
   * Wassette's built-in tools a test may call, e.g. {@code list-components}: naming any turns
   * Wassette's built-ins on (they are off by default, so tapes show only the components' tools),
   * and the harness still refuses those not named.
   */
  String[] builtinTools() default {};

  /**
   * Interceptors for the tape's proxies, by class (each needs a no-argument constructor; one
   * instance per tape), in order, before those of {@link
   * WassetteTapeExtension.Builder#interceptor}: e.g. a {@code Faults} or {@code TokenStripper} of
   * your own in a small class. They run in every mode, replayed and live. docs/interceptors.md has
   * the contract.
   */
  Class<? extends Interceptor>[] interceptors() default {};
}
