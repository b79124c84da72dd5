package dev.wassettetape.junit;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.session.Mode;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Where the extension's callbacks find, open and close {@link TapeScope}s: in the {@code
 * ExtensionContext.Store}, a class's scope in its class's context (its {@code @Nested} classes
 * without a tape of their own write into it), a method-level tape's in its method's context (shared
 * by the invocations of a parameterized or repeated test). State lives only there, so one extension
 * instance serves parallel tests.
 */
final class TapeScopes {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WassetteTapeExtension.class);
  private static final String CLASS_KEY = "class-scope ";
  private static final String METHOD_KEY = "method-scope";
  private static final String CLIENT_KEY = "client ";

  private TapeScopes() {}

  // ---- lifecycle -----------------------------------------------------------------------------

  static void beforeAll(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (!active(context, settings)) {
      return;
    }
    Class<?> testClass = context.getRequiredTestClass();
    Optional<WassetteTape> tape = AnnotationSupport.findAnnotation(testClass, WassetteTape.class);
    if (tape.isEmpty()) {
      boolean onSomeMethod =
          !AnnotationSupport.findAnnotatedMethods(
                  testClass, WassetteTape.class, HierarchyTraversalMode.TOP_DOWN)
              .isEmpty();
      if (settings != null && !onSomeMethod && find(context) == null) {
        throw new ExtensionConfigurationException(
            "WassetteTapeExtension is registered on ["
                + testClass.getSimpleName()
                + "] but no @WassetteTape names its tape:"
                + " annotate the class (or a test method), e.g. @WassetteTape(\""
                + testClass.getSimpleName()
                + ".json\")");
      }
      return; // a @Nested class without a tape of its own writes into its enclosing class's
    }
    store(context)
        .put(
            CLASS_KEY + testClass.getName(),
            ScopeOpening.open(
                context,
                tape.get(),
                testClass,
                null,
                settings,
                "[" + testClass.getSimpleName() + "]"));
  }

  static void beforeEach(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (!active(context, settings)) {
      return;
    }
    Method testMethod = context.getRequiredTestMethod();
    Optional<WassetteTape> tape = AnnotationSupport.findAnnotation(testMethod, WassetteTape.class);
    if (tape.isPresent()) {
      // an invocation of a parameterized or repeated test shares its method's tape
      String where =
          "[" + context.getRequiredTestClass().getSimpleName() + "#" + testMethod.getName() + "]";
      String methodKey = TestKeys.methodOf(context, context.getRequiredTestClass());
      store(owner(context))
          .getOrComputeIfAbsent(
              METHOD_KEY,
              k ->
                  ScopeOpening.open(
                      context,
                      tape.get(),
                      context.getRequiredTestClass(),
                      methodKey,
                      settings,
                      where),
              TapeScope.class);
    }
  }

  static void afterEach(ExtensionContext context, WassetteTapeExtension.Settings settings)
      throws Exception {
    if (!active(context, settings)) {
      return;
    }
    end(context, owner(context) == context ? METHOD_KEY : null);
  }

  static void afterAll(ExtensionContext context, WassetteTapeExtension.Settings settings)
      throws Exception {
    if (!active(context, settings)) {
      return;
    }
    end(context, CLASS_KEY + context.getRequiredTestClass().getName());
  }

  /**
   * Ends the test (or class) of a context in its scope, then finishes the scope stored in the
   * context under {@code ownKey}, if any: the scope of a tape on that very method or class.
   */
  private static void end(ExtensionContext context, String ownKey) throws Exception {
    TapeScope scope = find(context);
    if (scope == null) {
      return;
    }
    Failures failures = new Failures();
    failures.run(
        () -> scope.endTest(scope.keyOf(context), context.getExecutionException().isEmpty()));
    TapeScope own = ownKey == null ? null : store(context).remove(ownKey, TapeScope.class);
    if (own != null) {
      failures.run(own::finish);
    }
    failures.rethrow();
  }

  /** A disabled test still counts as part of a run of its whole class. */
  static void disabled(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    TapeScope scope = active(context, settings) ? find(context) : null;
    if (scope != null) {
      scope.disabled(TestKeys.methodOf(context, scope.tapeClass()));
    }
  }

  /**
   * A dynamic test of a test factory: a chapter of its own, through the client the factory was
   * given.
   */
  static void dynamicTest(
      InvocationInterceptor.Invocation<Void> invocation,
      ExtensionContext context,
      WassetteTapeExtension.Settings settings)
      throws Throwable {
    TapeScope scope = active(context, settings) ? find(context) : null;
    if (scope == null) {
      invocation.proceed();
      return;
    }
    String key = scope.keyOf(context);
    ExtensionContext factory = context.getParent().orElseThrow();
    while (factory.getTestMethod().isEmpty()) {
      factory = factory.getParent().orElseThrow(); // out of dynamic containers
    }
    String factoryKey = scope.keyOf(factory);
    McpClient client = store(factory).get(CLIENT_KEY + factoryKey, McpClient.class);
    Failures failures = new Failures();
    if (client != null) {
      scope.session().moveTo(client, key);
    }
    try {
      failures.run(invocation::proceed);
    } finally {
      if (client != null) {
        scope.session().moveTo(client, factoryKey);
      }
    }
    failures.run(() -> scope.endTest(key, failures.none()));
    failures.rethrow();
  }

  static Object resolve(ParameterContext parameter, ExtensionContext context) {
    TapeScope scope = find(context);
    if (scope == null) {
      throw new ParameterResolutionException(
          "No @WassetteTape session for parameter "
              + parameter.getParameter()
              + ": annotate the test class or method with @WassetteTape");
    }
    String key = scope.keyOf(context);
    if (parameter.getParameter().getType() == Mode.class) {
      return scope.session().modeOf(key);
    }
    if (parameter.getParameter().getType() == URI.class) {
      return scope.session().endpoint(key);
    }
    if (isSdkClient(parameter.getParameter().getType())) {
      return scope.sdkClient(key, parameter.getParameter().getType());
    }
    try {
      return store(context)
          .getOrComputeIfAbsent(
              CLIENT_KEY + key,
              k -> {
                McpClient client = scope.session().client(key);
                scope.setUp(client);
                client.initialize();
                return client;
              },
              McpClient.class);
    } catch (ExtensionConfigurationException e) {
      // e.g. no Wassette to record with: the message says what to do; JUnit would bury it
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  /** The official MCP Java SDK's client types, by name: naming them loads nothing. */
  static boolean isSdkClient(Class<?> type) {
    return type.getName().equals("io.modelcontextprotocol.client.McpSyncClient")
        || type.getName().equals("io.modelcontextprotocol.client.McpAsyncClient");
  }

  /** The scope a context's tests write into: its method's tape, else its (enclosing) class's. */
  private static TapeScope find(ExtensionContext context) {
    TapeScope method = store(context).get(METHOD_KEY, TapeScope.class);
    if (method != null) {
      return method;
    }
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<Class<?>> testClass = c.get().getTestClass();
      if (testClass.isPresent()) {
        TapeScope scope =
            store(c.get()).get(CLASS_KEY + testClass.get().getName(), TapeScope.class);
        if (scope != null) {
          return scope;
        }
      }
    }
    return null;
  }

  /** The context a method-level tape lives in: the method's, shared by its invocations. */
  private static ExtensionContext owner(ExtensionContext context) {
    return TestKeys.isInvocation(context) ? context.getParent().orElseThrow() : context;
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }

  /**
   * Whether this instance acts. {@link WassetteTape} registers a bare instance; when the class (or
   * a class enclosing it) also registers a configured one with {@code @RegisterExtension}, the bare
   * one stands aside.
   */
  static boolean active(ExtensionContext context, WassetteTapeExtension.Settings settings) {
    if (settings != null) {
      return true;
    }
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<Class<?>> testClass = c.get().getTestClass();
      if (testClass.isPresent()) {
        for (Class<?> k = testClass.get(); k != null; k = k.getEnclosingClass()) {
          if (!AnnotationSupport.findAnnotatedFields(
                  k,
                  RegisterExtension.class,
                  f -> WassetteTapeExtension.class.isAssignableFrom(f.getType()))
              .isEmpty()) {
            return false;
          }
        }
        return true;
      }
    }
    return true;
  }
}
