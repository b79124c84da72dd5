package dev.wassettetape.junit;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.proxy.AccessControl;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.session.McpTransport;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteException;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a tape's live server is: the annotation's static values merged with the builder's. Its
 * suppliers (env values, secrets, a custom server) are called only when a live server starts.
 */
record TapeConfig(
    List<Component> components,
    Map<String, Supplier<String>> env,
    Set<String> secretKeys,
    Map<String, Supplier<String>> secretFields,
    Set<String> allowTools,
    Set<String> builtinTools,
    Supplier<LiveServer> customServer,
    Normalizer normalizer,
    Consumer<McpClient> client,
    SdkClientSpec sdkClient,
    McpTransport transport,
    List<Interceptor> interceptors) {

  static TapeConfig of(WassetteTape tape, WassetteTapeExtension.Settings settings, String where) {
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
    Map<String, Supplier<String>> fields = new LinkedHashMap<>();
    for (String field : tape.secretFields()) {
      fields.put(field, () -> null);
    }
    Set<String> allow = new LinkedHashSet<>(List.of(tape.allowTools()));
    Set<String> builtins = new LinkedHashSet<>(List.of(tape.builtinTools()));
    Supplier<LiveServer> server = null;
    Normalizer normalizer = Normalizer.standard();
    Consumer<McpClient> client = c -> {};
    SdkClientSpec sdkClient = null;
    McpTransport transport = tape.transport();
    List<Interceptor> interceptors = new ArrayList<>();
    for (Class<? extends Interceptor> type : tape.interceptors()) {
      interceptors.add(instantiate(type, where));
    }
    if (settings != null) {
      interceptors.addAll(settings.interceptors());
      transport = settings.transport() == null ? transport : settings.transport();
      components.addAll(settings.components());
      env.putAll(settings.env());
      secrets.addAll(settings.secretKeys());
      fields.putAll(settings.secretFields());
      allow.addAll(settings.allowTools());
      builtins.addAll(settings.builtinTools());
      server = settings.server();
      normalizer = settings.normalizer();
      client = settings.client();
      sdkClient = settings.sdkClient();
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
    allow.stream().filter(AccessControl::isBuiltin).forEach(builtins::add); // allowed by name
    try {
      AccessControl.defaults().withBuiltins(builtins);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on " + where + ": " + e.getMessage());
    }
    return new TapeConfig(
        components,
        env,
        secrets,
        fields,
        allow,
        builtins,
        server,
        normalizer,
        client,
        sdkClient,
        transport,
        List.copyOf(interceptors));
  }

  private static Interceptor instantiate(Class<? extends Interceptor> type, String where) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on "
              + where
              + " names interceptor "
              + type.getName()
              + ", which cannot be created: it needs a constructor without arguments ("
              + e
              + ")",
          e);
    }
  }

  /**
   * The secrets, their values from the suppliers. Live, a supplier that fails fails the session; in
   * replay, where nothing needs the value but the redaction of a request that carries it, a value
   * that cannot be had (e.g. a CI without the credential) is left out.
   */
  /** Which tools a test's client may call, whatever the mode. */
  AccessControl accessControl() {
    return (allowTools.isEmpty() ? AccessControl.defaults() : AccessControl.allowOnly(allowTools))
        .withBuiltins(builtinTools);
  }

  Secrets secrets(boolean live, String where) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : secretKeys) {
      values.put(key, value(env.get(key), live));
    }
    Secrets result;
    try {
      result = Secrets.of(values);
      for (Map.Entry<String, Supplier<String>> field : secretFields.entrySet()) {
        result = result.withField(field.getKey(), value(field.getValue(), live));
      }
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@WassetteTape on " + where + ": " + e.getMessage());
    }
    return result;
  }

  private static String value(Supplier<String> supplier, boolean live) {
    try {
      return supplier.get();
    } catch (RuntimeException e) {
      if (live) {
        throw e;
      }
      return null;
    }
  }

  /**
   * The components with those named in {@code replacements} ({@code old.wasm=new.wasm,…}, by file
   * name) swapped for their new builds.
   */
  static List<Component> replaced(List<Component> components, String replacements, String where) {
    Map<String, Path> by = new LinkedHashMap<>();
    for (String pair : replacements.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ExtensionConfigurationException(
            WassetteTape.REPLACE_PROPERTY + " has '" + pair + "': write old.wasm=path/to/new.wasm");
      }
      by.put(pair.substring(0, eq).strip(), Path.of(pair.substring(eq + 1).strip()));
    }
    List<Component> out = new ArrayList<>();
    for (Component c : components) {
      Path instead = by.get(c.wasm().getFileName().toString());
      out.add(instead == null ? c : Component.of(instead).withId(c.id()));
    }
    return out;
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
    WassetteLauncher launcher =
        WassetteLauncher.of(installation).builtinTools(!builtinTools.isEmpty());
    replaced(components, System.getProperty(WassetteTape.REPLACE_PROPERTY, ""), where)
        .forEach(launcher::component);
    if (transport != McpTransport.STDIO) {
      launcher.streamableHttp();
    }
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
