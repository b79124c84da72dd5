package dev.wassettetape.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.WassetteTape;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The public surface of the published artifacts is what docs/api.md lists: a public type is in an
 * API package or under {@code dev.wassettetape.internal}, and what the API's public members name
 * from the internals is a known, listed leak, so that nothing becomes API by mistake.
 */
class PublicApiTest {

  /** The API packages (docs/api.md). */
  static final Set<String> API =
      Set.of(
          "dev.wassettetape.junit",
          "dev.wassettetape.client",
          "dev.wassettetape.session",
          "dev.wassettetape.normalize",
          "dev.wassettetape.intercept",
          "dev.wassettetape.server",
          "dev.wassettetape.tape",
          "dev.wassettetape.wassette",
          "dev.wassettetape.upgrade");

  /** Internal types the API names today, each a known leak to close (issue 12): a new one fails. */
  static final Set<String> KNOWN_LEAKS =
      Set.of(
          "dev.wassettetape.internal.jsonrpc.Id",
          "dev.wassettetape.internal.jsonrpc.Notification",
          "dev.wassettetape.internal.jsonrpc.Request",
          "dev.wassettetape.internal.jsonrpc.Response",
          "dev.wassettetape.internal.transport.ProtocolProblem",
          "dev.wassettetape.internal.transport.Transport",
          "dev.wassettetape.internal.verify.VerifyReport");

  /** Every top-level class of the harness, junit and upgrade-check artifacts. */
  static List<Class<?>> classes() throws Exception {
    List<Class<?>> all = new ArrayList<>();
    for (Class<?> from : List.of(McpClient.class, WassetteTape.class, UpgradeCheck.class)) {
      for (String name : classNames(location(from))) {
        all.add(Class.forName(name, false, PublicApiTest.class.getClassLoader()));
      }
    }
    return all;
  }

  private static Path location(Class<?> from) throws URISyntaxException {
    return Path.of(from.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> classNames(Path root) throws IOException {
    List<String> entries = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        files.forEach(f -> entries.add(root.relativize(f).toString().replace('\\', '/')));
      }
    } else {
      try (ZipFile jar = new ZipFile(root.toFile())) {
        jar.stream().forEach(e -> entries.add(e.getName()));
      }
    }
    return entries.stream()
        .filter(e -> e.startsWith("dev/wassettetape/") && e.endsWith(".class"))
        .filter(e -> !e.contains("$") && !e.endsWith("package-info.class"))
        .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
        .toList();
  }

  @Test
  void everyPublicTypeIsInAnApiPackageOrInternal() throws Exception {
    List<Class<?>> classes = classes();

    assertThat(classes).hasSizeGreaterThan(100);
    assertThat(
            classes.stream()
                .filter(c -> Modifier.isPublic(c.getModifiers()))
                .filter(c -> !API.contains(c.getPackageName()))
                .filter(c -> !c.getPackageName().startsWith("dev.wassettetape.internal."))
                .map(Class::getName))
        .as("public types outside the API packages: move them under dev.wassettetape.internal")
        .isEmpty();
  }

  @Test
  void theApiNamesNoInternalTypeButTheKnownLeaks() throws Exception {
    Set<String> named = new TreeSet<>();
    java.util.Map<String, Set<String>> where = new java.util.TreeMap<>();
    for (Class<?> c : classes()) {
      if (Modifier.isPublic(c.getModifiers()) && API.contains(c.getPackageName())) {
        for (Type t : surface(c)) {
          Set<String> found = new TreeSet<>();
          internals(t, found);
          named.addAll(found);
          found.forEach(f -> where.computeIfAbsent(f, k -> new TreeSet<>()).add(c.getSimpleName()));
        }
      }
    }

    assertThat(named)
        .as(
            "internal types named by public API members (a new leak, or a closed one to unlist),"
                + " named by: "
                + where)
        .isEqualTo(new TreeSet<>(KNOWN_LEAKS));
  }

  /** The types the public members of a public type (and its public nested types) name. */
  private static List<Type> surface(Class<?> c) {
    List<Type> types = new ArrayList<>();
    types.add(c.getGenericSuperclass());
    types.addAll(List.of(c.getGenericInterfaces()));
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
        types.add(m.getGenericReturnType());
        executable(m, types);
      }
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())) {
        executable(k, types);
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers())) {
        types.add(f.getGenericType());
      }
    }
    if (c.isRecord()) {
      for (RecordComponent r : c.getRecordComponents()) {
        types.add(r.getGenericType());
      }
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      if (Modifier.isPublic(nested.getModifiers())) {
        types.addAll(surface(nested));
      }
    }
    return types;
  }

  private static void executable(Executable e, List<Type> types) {
    types.addAll(List.of(e.getGenericParameterTypes()));
    types.addAll(List.of(e.getGenericExceptionTypes()));
  }

  private static void internals(Type type, Set<String> named) {
    if (type instanceof Class<?> c) {
      Class<?> base = c;
      while (base.isArray()) {
        base = base.getComponentType();
      }
      if (base.getName().startsWith("dev.wassettetape.internal.")) {
        named.add(base.getName().replaceAll("\\$.*", ""));
      }
    } else if (type instanceof ParameterizedType p) {
      internals(p.getRawType(), named);
      for (Type arg : p.getActualTypeArguments()) {
        internals(arg, named);
      }
    }
  }
}
