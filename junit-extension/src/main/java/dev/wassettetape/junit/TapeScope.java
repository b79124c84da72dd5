package dev.wassettetape.junit;

import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.proxy.AccessControl;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.TapeFormatException;
import dev.wassettetape.tape.TapeNotFoundException;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteException;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteNotFoundException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * One tape session for a test class or method, kept in the {@code ExtensionContext.Store}: opened
 * before the tests of its scope, finished after them. Where modes are resolved, where the live
 * server is built, and where session results become test failures.
 */
final class TapeScope implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("dev.wassettetape.junit");
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WassetteTapeExtension.class);
  private static final String CLASS_KEY = "class-scope";
  private static final String METHOD_KEY = "method-scope";
  private static final Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String where;
  private final TapeMode mode;
  private final TapeSession session;
  private final boolean failOnUnused;
  private volatile boolean failed;

  private TapeScope(String where, TapeMode mode, TapeSession session, boolean failOnUnused) {
    this.where = where;
    this.mode = mode;
    this.session = session;
    this.failOnUnused = failOnUnused;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  static void beforeAll(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (!active(context, settings)) {
      return;
    }
    Class<?> testClass = context.getRequiredTestClass();
    Optional<WassetteTape> tape = AnnotationSupport.findAnnotation(testClass, WassetteTape.class);
    if (tape.isEmpty()) {
      boolean onSomeMethod =
          AnnotationSupport.findAnnotatedMethods(
                      testClass,
                      WassetteTape.class,
                      org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN)
                  .size()
              > 0;
      if (settings != null && !onSomeMethod) {
        throw new ExtensionConfigurationException(
            "WassetteTapeExtension is registered on ["
                + testClass.getSimpleName()
                + "] but no @WassetteTape names its tape:"
                + " annotate the class (or a test method), e.g. @WassetteTape(\""
                + testClass.getSimpleName()
                + ".json\")");
      }
      return;
    }
    store(context)
        .put(
            CLASS_KEY,
            open(context, tape.get(), testClass, settings, "[" + testClass.getSimpleName() + "]"));
  }

  static void beforeEach(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (!active(context, settings)) {
      return;
    }
    Method method = context.getRequiredTestMethod();
    Optional<WassetteTape> tape = AnnotationSupport.findAnnotation(method, WassetteTape.class);
    if (tape.isPresent()) {
      String where =
          "[" + context.getRequiredTestClass().getSimpleName() + "#" + method.getName() + "]";
      store(context).put(METHOD_KEY, open(context, tape.get(), method, settings, where));
    }
  }

  static void afterEach(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (!active(context, settings)) {
      return;
    }
    boolean failed = context.getExecutionException().isPresent();
    TapeScope method = store(context).remove(METHOD_KEY, TapeScope.class);
    if (method != null) {
      method.finish(!failed);
    }
    TapeScope forClass =
        context.getParent().map(p -> store(p).get(CLASS_KEY, TapeScope.class)).orElse(null);
    if (forClass != null && failed) {
      forClass.failed = true;
    }
  }

  static void afterAll(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (!active(context, settings)) {
      return;
    }
    TapeScope scope = store(context).remove(CLASS_KEY, TapeScope.class);
    if (scope != null) {
      scope.finish(!scope.failed && context.getExecutionException().isEmpty());
    }
  }

  static Object resolve(ParameterContext parameter, ExtensionContext context) {
    TapeScope scope = store(context).get(METHOD_KEY, TapeScope.class);
    if (scope == null) {
      scope = store(context).get(CLASS_KEY, TapeScope.class);
    }
    if (scope == null) {
      throw new org.junit.jupiter.api.extension.ParameterResolutionException(
          "No @WassetteTape session for parameter "
              + parameter.getParameter()
              + ": annotate the test class or method with @WassetteTape");
    }
    return parameter.getParameter().getType() == TapeMode.class
        ? scope.mode
        : scope.session.client();
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }

  /**
   * Whether this instance acts. {@link WassetteTape} registers a bare instance; when the class also
   * registers a configured one with {@code @RegisterExtension}, the bare one stands aside.
   */
  static boolean active(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (settings != null) {
      return true;
    }
    return context
        .getTestClass()
        .map(
            c ->
                AnnotationSupport.findAnnotatedFields(
                        c,
                        RegisterExtension.class,
                        f -> WassetteTapeExtension.class.isAssignableFrom(f.getType()))
                    .isEmpty())
        .orElse(true);
  }

  // ---- opening ---------------------------------------------------------------------------------

  private static TapeScope open(
      ExtensionContext context,
      WassetteTape tape,
      AnnotatedElement element,
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
    TapeMode mode = resolveMode(context, tape, where);
    String record = recordCommand(context, element);
    boolean failOnUnused =
        context
            .getConfigurationParameter(WassetteTape.FAIL_ON_UNUSED_PROPERTY)
            .map(Boolean::parseBoolean)
            .orElse(true);

    Config config = Config.of(tape, settings, where);
    TapeSession session;
    try {
      session =
          TapeSession.builder(path)
              .mode(Mode.valueOf(mode.name()))
              .secrets(mode == TapeMode.REPLAY ? Secrets.NONE : config.secrets())
              .accessControl(
                  config.allowTools.isEmpty()
                      ? AccessControl.defaults()
                      : AccessControl.allowOnly(config.allowTools))
              .normalizer(config.normalizer)
              .server(() -> config.server(where))
              .howToRecord(record)
              .open();
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
              + " names tape '"
              + file
              + "', which is not a tape: "
              + e.getMessage(),
          e);
    }
    TapeMode effective = TapeMode.valueOf(session.mode().name());
    TapeScope scope = new TapeScope(where, effective, session, failOnUnused);
    try {
      session.client().initialize();
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
    return scope;
  }

  private static TapeMode resolveMode(ExtensionContext context, WassetteTape tape, String where) {
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
    } else if (tape.mode() != TapeMode.DEFAULT) {
      value = tape.mode().name();
      source = "@WassetteTape(mode) on " + where;
    } else if (inCi()) {
      value = TapeMode.REPLAY.name();
      source = "default in CI (the CI environment variable is set)";
    } else {
      value = TapeMode.RECORD_MISSING.name();
      source = "default outside CI";
    }
    TapeMode mode;
    try {
      mode = TapeMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      mode = null;
    }
    if (mode == null || mode == TapeMode.DEFAULT) {
      throw new ExtensionConfigurationException(
          "Unknown tape mode '"
              + value
              + "' from "
              + source
              + " for "
              + where
              + ": use one of RECORD, REPLAY, RECORD_MISSING, VERIFY, PASSTHROUGH");
    }
    if (mode == TapeMode.RECORD_MISSING && inCi()) {
      // recording is a developer's act: in CI a missing tape fails, as in replay
      mode = TapeMode.REPLAY;
      source += ", which replays only in CI (the CI environment variable is set)";
    }
    if (LOGGED.add(mode + " " + source)) {
      LOG.info("wassette-tape: mode " + mode + " (from " + source + ")");
    }
    return mode;
  }

  /** The environment; tests replace it to play CI. */
  static java.util.function.UnaryOperator<String> environment = System::getenv;

  private static boolean inCi() {
    String ci = environment.apply("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  /**
   * The one command that records this tape, e.g. {@code ./mvnw verify -Dwassette.tape.mode=RECORD
   * -Dit.test=WeatherIT}.
   */
  static String recordCommand(ExtensionContext context, AnnotatedElement element) {
    String name = context.getRequiredTestClass().getSimpleName();
    String selector = element instanceof Method m ? name + "#" + m.getName() : name;
    String property = name.endsWith("IT") ? "it.test" : "test";
    return "./mvnw verify -D"
        + WassetteTape.MODE_PROPERTY
        + "=RECORD -D"
        + property
        + "="
        + selector;
  }

  // ---- finishing ---------------------------------------------------------------------------

  private void finish(boolean passed) {
    SessionResult result = session.finish(passed);
    switch (mode) {
      case REPLAY -> {
        if (!result.mismatches().isEmpty()) {
          throw new AssertionFailedError(
              "Tape "
                  + result.tape()
                  + " could not answer every request of "
                  + where
                  + ":\n"
                  + String.join("\n\n", result.mismatches()));
        }
        if (failOnUnused && passed && !result.unused().isEmpty()) {
          throw new AssertionFailedError(
              "Tape "
                  + result.tape()
                  + " has interactions "
                  + where
                  + " never used:\n  "
                  + String.join("\n  ", result.unused())
                  + "\nRe-record the tape, or set "
                  + WassetteTape.FAIL_ON_UNUSED_PROPERTY
                  + "=false to allow unused interactions.");
        }
      }
      case VERIFY -> {
        if (!result.verify().passed()) {
          throw new AssertionFailedError(
              result.verify().render(),
              result.verify().expectedText(),
              result.verify().actualText());
        }
      }
      case RECORD -> {
        if (result.written()) {
          LOG.info("wassette-tape: recorded " + result.tape() + " for " + where);
        } else {
          LOG.warning(
              "wassette-tape: did not write " + result.tape() + ": a test of " + where + " failed");
        }
      }
      default -> {}
    }
  }

  /** Safety net when the scope is dropped without finishing (e.g. a failing {@code @BeforeAll}). */
  @Override
  public void close() {
    session.close();
  }

  // ---- configuration -------------------------------------------------------------------------

  /** The annotation's static values merged with the builder's. */
  private record Config(
      List<Component> components,
      Map<String, Supplier<String>> env,
      Set<String> secretKeys,
      Set<String> allowTools,
      Supplier<LiveServer> customServer,
      Normalizer normalizer) {

    static Config of(WassetteTape tape, WassetteTapeExtension.Settings settings, String where) {
      List<Component> components = new ArrayList<>();
      for (String wasm : tape.components()) {
        components.add(Component.of(Path.of(wasm)));
      }
      Map<String, Supplier<String>> env = new LinkedHashMap<>();
      for (String entry : tape.env()) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new ExtensionConfigurationException(
              "@WassetteTape on " + where + " has env entry '" + entry + "': write KEY=VALUE");
        }
        String value = entry.substring(eq + 1);
        env.put(entry.substring(0, eq), () -> value);
      }
      Set<String> secrets = new LinkedHashSet<>(List.of(tape.secretEnv()));
      Set<String> allow = new LinkedHashSet<>(List.of(tape.allowTools()));
      Supplier<LiveServer> server = null;
      Normalizer normalizer = Normalizer.standard();
      if (settings != null) {
        components.addAll(settings.components());
        env.putAll(settings.env());
        secrets.addAll(settings.secretKeys());
        allow.addAll(settings.allowTools());
        server = settings.server();
        normalizer = settings.normalizer();
      }
      for (String key : secrets) {
        if (!env.containsKey(key)) {
          throw new ExtensionConfigurationException(
              "@WassetteTape on "
                  + where
                  + " marks '"
                  + key
                  + "' secret, but no env value has that key");
        }
      }
      return new Config(components, env, secrets, allow, server, normalizer);
    }

    Secrets secrets() {
      Map<String, String> values = new LinkedHashMap<>();
      for (String key : secretKeys) {
        String value = env.get(key).get();
        if (value != null) {
          values.put(key, value);
        }
      }
      return Secrets.of(values);
    }

    LiveServer server(String where) {
      if (customServer != null) {
        return customServer.get();
      }
      if (components.isEmpty()) {
        throw new ExtensionConfigurationException(
            "@WassetteTape on "
                + where
                + " runs live but names no component: add components = \"target/components/x.wasm\","
                + " or register WassetteTapeExtension.builder().component(...)");
      }
      WassetteInstallation installation;
      try {
        installation = WassetteInstallation.locate();
      } catch (WassetteNotFoundException e) {
        throw new ExtensionConfigurationException(
            "@WassetteTape on " + where + " needs Wassette: " + e.getMessage(), e);
      }
      WassetteLauncher launcher = WassetteLauncher.of(installation);
      components.forEach(launcher::component);
      env.forEach(
          (k, v) -> {
            String value = v.get();
            if (value == null) {
              throw new ExtensionConfigurationException(
                  "@WassetteTape on " + where + ": the value of env '" + k + "' is null");
            }
            launcher.env(k, value);
          });
      try {
        return WassetteServer.launch(launcher);
      } catch (WassetteException e) {
        throw new ExtensionConfigurationException(
            "@WassetteTape on " + where + ": " + e.getMessage(), e);
      }
    }
  }
}
