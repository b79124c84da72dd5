package dev.wassettetape.junit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The chapter key of a test, relative to the class whose tape it is on. Keys are readable and stay
 * the same from run to run:
 *
 * <ul>
 *   <li>a test method: its name, {@code knownCityGivesTheBackendsWeather}; with its parameter types
 *       when the class has several test methods of that name, {@code cities(String)};
 *   <li>an invocation of a {@code @ParameterizedTest}, {@code @RepeatedTest} or
 *       {@code @TestFactory}: the method's key, the index, and the invocation's display name,
 *       {@code cities[2] Lisbon}, {@code factory[1][2] Oslo} (a dynamic test in a container);
 *   <li>a {@code @Nested} class's test: the nested path first, {@code Offline/refusesWithoutKey};
 *   <li>traffic outside any test ({@code @BeforeAll}): {@code (class)}, {@code Offline/(class)}.
 * </ul>
 *
 * A display name a test sets with {@code @DisplayName} is not part of the key (renaming it changes
 * nothing); an invocation's is, with its index.
 */
final class TestKeys {

  /** The key of traffic outside any test. */
  static final String CLASS_CHAPTER = "(class)";

  private static final Pattern LAST_SEGMENT = Pattern.compile("\\[([a-z-]+):([^\\]]*)\\]$");
  private static final Set<String> INVOCATIONS =
      Set.of("test-template-invocation", "dynamic-test", "dynamic-container");

  private TestKeys() {}

  /** The chapter key of a test (or class) context, relative to the tape's class. */
  static String of(ExtensionContext context, Class<?> tapeClass) {
    List<String> indexes = new ArrayList<>();
    ExtensionContext at = context;
    for (Matcher m = last(at); m != null && INVOCATIONS.contains(m.group(1)); m = last(at)) {
      indexes.add(0, m.group(2).replace("#", ""));
      at = at.getParent().orElseThrow();
    }
    Optional<Method> method = at.getTestMethod();
    String path = nestedPath(at.getRequiredTestClass(), tapeClass);
    if (method.isEmpty()) {
      return path + CLASS_CHAPTER;
    }
    String key = path + methodKey(method.get(), at.getRequiredTestClass());
    if (indexes.isEmpty()) {
      return key;
    }
    String index = indexes.stream().map(i -> "[" + i + "]").collect(Collectors.joining());
    String display = context.getDisplayName();
    String own = "[" + indexes.get(indexes.size() - 1) + "]";
    if (display.startsWith(own)) {
      display = display.substring(own.length()).strip();
    }
    return display.isEmpty() ? key + index : key + index + " " + display;
  }

  /** The key of the method a chapter belongs to: the chapter's key without its invocation. */
  static String methodOf(String chapter) {
    int open = chapter.indexOf('(');
    int bracket = chapter.indexOf('[');
    if (open >= 0 && (bracket < 0 || open < bracket)) {
      int close = chapter.indexOf(')', open);
      return close < 0 ? chapter : chapter.substring(0, close + 1);
    }
    return bracket < 0 ? chapter : chapter.substring(0, bracket);
  }

  /**
   * The chapter of a tape that holds an invocation whose key is not on it: the chapter of the same
   * method and display name (the arguments were reordered), else the one of the same method and
   * index (the display name changed, e.g. JUnit 6 quotes string arguments where JUnit 5 did not).
   * The key itself when the tape has it, or when no single chapter fits.
   */
  static String chapterOf(String key, Set<String> taped) {
    Invocation wanted = Invocation.of(key);
    if (taped.contains(key) || wanted == null) {
      return key;
    }
    List<String> sameDisplay = new ArrayList<>();
    List<String> sameIndex = new ArrayList<>();
    for (String chapter : taped) {
      Invocation other = Invocation.of(chapter);
      if (other != null && other.method().equals(wanted.method())) {
        if (!wanted.display().isEmpty() && other.display().equals(wanted.display())) {
          sameDisplay.add(chapter);
        }
        if (other.index().equals(wanted.index())) {
          sameIndex.add(chapter);
        }
      }
    }
    if (sameDisplay.size() == 1) {
      return sameDisplay.get(0);
    }
    return sameIndex.size() == 1 ? sameIndex.get(0) : key;
  }

  /**
   * An invocation's key in parts: {@code cities[2] Lisbon} is {@code cities}, {@code [2]}, {@code
   * Lisbon}.
   */
  private record Invocation(String method, String index, String display) {
    static Invocation of(String key) {
      String method = methodOf(key);
      String rest = key.substring(method.length());
      if (!rest.startsWith("[")) {
        return null;
      }
      int space = rest.indexOf(' ');
      return space < 0
          ? new Invocation(method, rest, "")
          : new Invocation(method, rest.substring(0, space), rest.substring(space + 1));
    }
  }

  /** The method key of a test context (its invocations share it). */
  static String methodOf(ExtensionContext context, Class<?> tapeClass) {
    return methodOf(of(context, tapeClass));
  }

  /**
   * The method keys of every test of a tape's class, and of its {@code @Nested} classes that have
   * no tape of their own, with their class chapters: what a run of the whole class runs.
   */
  static Set<String> all(Class<?> tapeClass) {
    Set<String> keys = new LinkedHashSet<>();
    collect(tapeClass, tapeClass, keys);
    return keys;
  }

  private static void collect(Class<?> testClass, Class<?> tapeClass, Set<String> keys) {
    String path = nestedPath(testClass, tapeClass);
    keys.add(path + CLASS_CHAPTER);
    for (Method m : testMethods(testClass)) {
      keys.add(path + methodKey(m, testClass));
    }
    for (Class<?> nested :
        ReflectionSupport.findNestedClasses(
            testClass, c -> AnnotationSupport.isAnnotated(c, Nested.class))) {
      if (!AnnotationSupport.isAnnotated(nested, WassetteTape.class)) {
        collect(nested, tapeClass, keys);
      }
    }
  }

  private static List<Method> testMethods(Class<?> testClass) {
    return ReflectionSupport.findMethods(
        testClass,
        m -> AnnotationSupport.isAnnotated(m, Testable.class),
        HierarchyTraversalMode.TOP_DOWN);
  }

  /** The method's name, with its parameter types if another test method has the same name. */
  private static String methodKey(Method method, Class<?> testClass) {
    long sameName =
        testMethods(testClass).stream().filter(m -> m.getName().equals(method.getName())).count();
    if (sameName <= 1) {
      return method.getName();
    }
    return method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /** {@code Offline/} for a nested class {@code Offline} of the tape's class; empty for itself. */
  private static String nestedPath(Class<?> testClass, Class<?> tapeClass) {
    StringBuilder path = new StringBuilder();
    for (Class<?> c = testClass; c != null && c != tapeClass; c = c.getEnclosingClass()) {
      path.insert(0, c.getSimpleName() + "/");
    }
    return path.toString();
  }

  /** Whether the context is an invocation of a parameterized or repeated test. */
  static boolean isInvocation(ExtensionContext context) {
    Matcher m = last(context);
    return m != null && m.group(1).equals("test-template-invocation");
  }

  private static Matcher last(ExtensionContext context) {
    Matcher m = LAST_SEGMENT.matcher(context.getUniqueId());
    return m.find() ? m : null;
  }
}
