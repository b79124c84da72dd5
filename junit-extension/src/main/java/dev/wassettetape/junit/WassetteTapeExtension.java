package dev.wassettetape.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.session.McpTransport;
import dev.wassettetape.session.Mode;
import dev.wassettetape.wassette.Component;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The extension behind {@link WassetteTape}. Register it yourself, with a builder, when the
 * server's configuration is known only at run time:
 *
 * <pre>{@code
 * @WassetteTape("weather.json")
 * class WeatherComponentTest {
 *   static WeatherBackend backend; // started only when Wassette runs (never in replay)
 *
 *   @RegisterExtension
 *   static WassetteTapeExtension tape = WassetteTapeExtension.builder()
 *       .component(Path.of("target/components/weather.wasm"))
 *       .env("WEATHER_API_URL", () -> backend().url())
 *       .secretEnv("WEATHER_API_KEY", () -> System.getenv("WEATHER_API_KEY"))
 *       .build();
 * }
 * }</pre>
 *
 * Suppliers are called only when a live server starts. State lives in the {@code
 * ExtensionContext.Store}, so one registered instance serves parallel tests. The work is done by
 * {@code TapeScopes} and {@code TapeScope} (package-private).
 */
public final class WassetteTapeExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestWatcher,
        InvocationInterceptor {

  /** Configuration from the builder; null for the instance {@link WassetteTape} registers. */
  private final Settings settings;

  /** The instance {@link WassetteTape} registers; configured by the annotation alone. */
  public WassetteTapeExtension() {
    this.settings = null;
  }

  private WassetteTapeExtension(Settings settings) {
    this.settings = settings;
  }

  /** Configures the live server of a tape; see the class comment. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TapeScopes.beforeAll(context, settings);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TapeScopes.beforeEach(context, settings);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    TapeScopes.afterEach(context, settings);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    TapeScopes.afterAll(context, settings);
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    TapeScopes.disabled(context, settings);
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext context)
      throws Throwable {
    TapeScopes.dynamicTest(invocation, context, settings);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return (type == McpClient.class
            || type == Mode.class
            || type == URI.class
            || TapeScopes.isSdkClient(type))
        && TapeScopes.active(context, settings);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TapeScopes.resolve(parameter, context);
  }

  /**
   * What the builder collected. Suppliers are called only when a live server starts, except those
   * of secrets, which replay needs too.
   */
  record Settings(
      List<Component> components,
      Map<String, Supplier<String>> env,
      Set<String> secretKeys,
      Map<String, Supplier<String>> secretFields,
      Set<String> allowTools,
      Set<String> builtinTools,
      Supplier<LiveServer> server,
      Normalizer normalizer,
      Consumer<McpClient> client,
      SdkClientSpec sdkClient,
      McpTransport transport,
      List<Interceptor> interceptors) {}

  /** Configures a {@link WassetteTapeExtension}. */
  public static final class Builder {
    private final List<Component> components = new ArrayList<>();
    private final Map<String, Supplier<String>> env = new LinkedHashMap<>();
    private final Set<String> secretKeys = new LinkedHashSet<>();
    private final Map<String, Supplier<String>> secretFields = new LinkedHashMap<>();
    private final Set<String> allowTools = new LinkedHashSet<>();
    private final Set<String> builtinTools = new LinkedHashSet<>();
    private Supplier<LiveServer> server;
    private Normalizer normalizer = Normalizer.standard();
    private Consumer<McpClient> client = c -> {};
    private SdkClientSpec sdkClient;
    private McpTransport transport;
    private final List<Interceptor> interceptors = new ArrayList<>();

    private Builder() {}

    /**
     * Adds interceptors for the tape's proxies, after the annotation's: a client's message passes
     * them in order, a server's in reverse; they run in every mode ({@link Interceptor} has the
     * contract). E.g. {@code .interceptor(Faults.inject(Faults.tool("get-weather").call(1)
     * .dropResponse()))}.
     */
    public Builder interceptor(Interceptor... interceptors) {
      for (Interceptor i : interceptors) {
        this.interceptors.add(Objects.requireNonNull(i));
      }
      return this;
    }

    /**
     * Streamable HTTP instead of stdio: the test's client and endpoint speak HTTP to the harness,
     * and Wassette runs as {@code wassette serve}. Wins over the annotation's {@code transport}.
     */
    public Builder transport(McpTransport transport) {
      this.transport = Objects.requireNonNull(transport);
      return this;
    }

    /**
     * A component for Wassette to run, with {@code <name>.policy.yaml} beside it as its policy, if
     * present.
     */
    public Builder component(Path wasm) {
      components.add(Component.of(wasm));
      return this;
    }

    /** A component under the given policy file. */
    public Builder component(Path wasm, Path policy) {
      components.add(Component.of(wasm).withPolicy(policy));
      return this;
    }

    /** A value the components may read; the supplier is called when Wassette starts. */
    public Builder env(String key, Supplier<String> value) {
      env.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** A secret value: as {@link #env}, and written to the tape as {@code <redacted:KEY>}. */
    public Builder secretEnv(String key, Supplier<String> value) {
      env(key, value);
      secretKeys.add(key);
      return this;
    }

    /**
     * A field name whose values are secret wherever they appear in the traffic (any depth, any
     * case), e.g. {@code apiKey}: written to the tape as {@code <redacted:NAME>}.
     */
    public Builder secretField(String name) {
      return secretField(name, () -> null);
    }

    /**
     * A secret field whose live value is known: as {@link #secretField(String)}, and the value is
     * also redacted wherever else it appears, and sent by verify where the tape says {@code
     * <redacted:NAME>}. The supplier is called in every mode (so that replay redacts a request
     * carrying it before matching, as record did); null means not known.
     */
    public Builder secretField(String name, Supplier<String> liveValue) {
      secretFields.put(Objects.requireNonNull(name), Objects.requireNonNull(liveValue));
      return this;
    }

    /**
     * Only these tools may be called (default: all but Wassette's permission-widening built-ins).
     */
    public Builder allowTools(String... tools) {
      allowTools.addAll(List.of(tools));
      return this;
    }

    /**
     * Wassette's built-in tools a test may call, e.g. {@code list-components}: naming any turns
     * Wassette's built-ins on (they are off by default), and the harness still refuses those not
     * named.
     */
    public Builder builtinTools(String... tools) {
      builtinTools.addAll(List.of(tools));
      return this;
    }

    /**
     * Any stdio MCP server instead of Wassette components, e.g. {@code CommandServer.start(...)}.
     */
    public Builder server(Supplier<LiveServer> server) {
      this.server = Objects.requireNonNull(server);
      return this;
    }

    /**
     * Normalisation for verify (default {@link Normalizer#standard()}), e.g. with ignored paths.
     */
    public Builder normalizer(Normalizer normalizer) {
      this.normalizer = Objects.requireNonNull(normalizer);
      return this;
    }

    /**
     * Answers the server's {@code roots/list} with these roots, e.g. {@code
     * [{"uri":"file:///work","name":"work"}]}; each test's client announces {@code roots}.
     */
    public Builder roots(Supplier<JsonNode> roots) {
      Objects.requireNonNull(roots);
      client = client.andThen(c -> c.roots(roots));
      return this;
    }

    /**
     * Answers the server's {@code sampling/createMessage}: the handler gets its params and returns
     * the result (a model's message); each test's client announces {@code sampling}.
     */
    public Builder sampling(Function<JsonNode, JsonNode> handler) {
      Objects.requireNonNull(handler);
      client = client.andThen(c -> c.sampling(handler));
      return this;
    }

    /**
     * Answers the server's {@code elicitation/create}: the handler gets its params and returns the
     * result, e.g. {@code {"action":"accept","content":{...}}}; each test's client announces {@code
     * elicitation}.
     */
    public Builder elicitation(Function<JsonNode, JsonNode> handler) {
      Objects.requireNonNull(handler);
      client = client.andThen(c -> c.elicitation(handler));
      return this;
    }

    /**
     * How a test's official MCP Java SDK client ({@code McpSyncClient} / {@code McpAsyncClient}
     * parameter) is built: its roots, sampling and elicitation handlers, capabilities, consumers.
     */
    public Builder sdkClient(SdkClientSpec spec) {
      this.sdkClient = Objects.requireNonNull(spec);
      return this;
    }

    public WassetteTapeExtension build() {
      return new WassetteTapeExtension(
          new Settings(
              List.copyOf(components),
              Map.copyOf(env),
              Set.copyOf(secretKeys),
              Map.copyOf(secretFields),
              Set.copyOf(allowTools),
              Set.copyOf(builtinTools),
              server,
              normalizer,
              client,
              sdkClient,
              transport,
              List.copyOf(interceptors)));
    }
  }
}
