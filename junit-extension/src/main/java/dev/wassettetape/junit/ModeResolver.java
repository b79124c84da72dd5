package dev.wassettetape.junit;

import dev.wassettetape.session.Mode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Which {@link Mode} a tape runs in, and where that came from: the configuration parameter {@value
 * WassetteTape#MODE_PROPERTY}, then the environment variable {@value WassetteTape#MODE_ENV}, then
 * {@link WassetteTape#mode()}, then the default ({@code REPLAY} in CI, {@code RECORD_MISSING}
 * elsewhere). In CI, {@code RECORD_MISSING} replays only: recording is a developer's act. The
 * resolved mode and its source are logged once.
 */
final class ModeResolver {

  private static final Logger LOG = Logger.getLogger("dev.wassettetape.junit");
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  /** The environment; tests replace it to play CI. */
  static UnaryOperator<String> environment = System::getenv;

  private ModeResolver() {}

  static Mode resolve(ExtensionContext context, WassetteTape tape, String where) {
    String value;
    String source;
    Optional<String> parameter = context.getConfigurationParameter(WassetteTape.MODE_PROPERTY);
    String env = environment.apply(WassetteTape.MODE_ENV);
    if (parameter.isPresent()) {
      value = parameter.get();
      source = "configuration parameter " + WassetteTape.MODE_PROPERTY;
    } else if (env != null && !env.isBlank()) {
      value = env;
      source = "environment variable " + WassetteTape.MODE_ENV;
    } else if (tape.mode().length > 0) {
      value = tape.mode()[0].name();
      source = "@WassetteTape(mode) on " + where;
    } else if (inCi()) {
      value = Mode.REPLAY.name();
      source = "default in CI (the CI environment variable is set)";
    } else {
      value = Mode.RECORD_MISSING.name();
      source = "default outside CI";
    }
    Mode mode;
    try {
      mode = Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      mode = null;
    }
    if (mode == null) {
      throw new ExtensionConfigurationException(
          "Unknown tape mode '"
              + value
              + "' from "
              + source
              + " for "
              + where
              + ": use one of RECORD, REPLAY, RECORD_MISSING, VERIFY, PASSTHROUGH");
    }
    if (mode == Mode.RECORD_MISSING && inCi()) {
      mode = Mode.REPLAY;
      source += ", which replays only in CI (the CI environment variable is set)";
    }
    if (LOGGED.add(mode + " " + source)) {
      LOG.info("wassette-tape: mode " + mode + " (from " + source + ")");
    }
    return mode;
  }

  /** Whether this is a CI run: the {@code CI} variable most CI services set, not {@code false}. */
  static boolean inCi() {
    String ci = environment.apply("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  /**
   * The one command that records a test class, or one test of it ({@code method} not null), e.g.
   * {@code ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=WeatherTest#oslo}.
   */
  static String recordCommand(Class<?> testClass, String method) {
    Class<?> top = testClass;
    while (top.isAnnotationPresent(Nested.class) && top.getEnclosingClass() != null) {
      top = top.getEnclosingClass(); // Maven selects a @Nested class's tests through its outer one
    }
    String name = top.getSimpleName();
    String property = name.endsWith("IT") ? "it.test" : "test";
    return "./mvnw verify -D"
        + WassetteTape.MODE_PROPERTY
        + "=RECORD -D"
        + property
        + "="
        + name
        + (method == null ? "" : "#" + method);
  }
}
