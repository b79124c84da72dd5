package dev.wassettetape.junit;

import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.TapeFormatException;
import dev.wassettetape.tape.TapeNotFoundException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Where a tape scope opens (for a test class, or a method with a tape of its own): the tape file
 * resolved in the tape directory, the mode, the configuration, the session; a missing or unreadable
 * tape, or a tape named outside the directory, is an error saying what to do.
 */
final class ScopeOpening {

  private ScopeOpening() {}

  static TapeScope open(
      ExtensionContext context,
      WassetteTape tape,
      Class<?> tapeClass,
      String method,
      WassetteTapeExtension.Settings settings,
      String where) {
    String file = tape.value().trim();
    if (file.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on "
              + where
              + " names no tape: give a file name, e.g. @WassetteTape(\"weather.json\")");
    }
    if (!file.endsWith(".json")) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on " + where + " names tape '" + file + "' without the .json extension");
    }
    Path dir =
        Path.of(
            context
                .getConfigurationParameter(WassetteTape.DIR_PROPERTY)
                .orElse(WassetteTape.DEFAULT_DIR));
    Path path = dir.resolve(file);
    if (Path.of(file).isAbsolute()
        || !path.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on "
              + where
              + " names tape '"
              + file
              + "', which is outside the tape directory "
              + dir
              + ": name it relative to that directory, without '..' (e.g. \"weather.json\" or"
              + " \"weather/forecast.json\"), or set "
              + WassetteTape.DIR_PROPERTY
              + " to another directory");
    }
    Mode mode = ModeResolver.resolve(context, tape, where);
    String record =
        ModeResolver.recordCommand(tapeClass, method == null ? null : TapeScope.simpleName(method));
    boolean failOnUnused =
        context
            .getConfigurationParameter(WassetteTape.FAIL_ON_UNUSED_PROPERTY)
            .map(Boolean::parseBoolean)
            .orElse(true);
    boolean ci =
        context
            .getConfigurationParameter(WassetteTape.CI_PROPERTY)
            .map(Boolean::parseBoolean)
            .orElseGet(ModeResolver::inCi);
    TapeConfig config = TapeConfig.of(tape, settings, where);
    try {
      TapeSession session =
          TapeSession.builder(path)
              .mode(mode)
              .secrets(config.secrets(mode != Mode.REPLAY, where))
              .accessControl(config.accessControl())
              .interceptor(config.interceptors().toArray(Interceptor[]::new))
              .normalizer(config.normalizer())
              .transport(config.transport())
              .server(() -> config.server(where))
              .howToRecord(record)
              .trace(
                  context
                          .getConfigurationParameter(WassetteTape.TRACE_PROPERTY)
                          .map(Boolean::parseBoolean)
                          .orElse(false)
                      ? System.err
                      : null)
              .open();
      return new TapeScope(
          where,
          tapeClass,
          method,
          path,
          session,
          config,
          failOnUnused,
          new Approval(tapeClass, ci));
    } catch (TapeNotFoundException e) {
      throw new AssertionFailedError(
          "No tape "
              + path.toAbsolutePath()
              + " for "
              + where
              + " (mode "
              + mode
              + "). Record it with:\n  "
              + record
              + "\nthen commit it.");
    } catch (TapeFormatException e) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on "
              + where
              + " cannot use tape '"
              + file
              + "': "
              + e.getMessage()
              + "\nTo record it: "
              + record,
          e);
    }
  }
}
