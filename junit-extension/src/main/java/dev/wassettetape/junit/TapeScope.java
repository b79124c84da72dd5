package dev.wassettetape.junit;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.session.ChapterResult;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * One tape and its session, for a test class (with its {@code @Nested} classes) or for a test
 * method, kept in the {@code ExtensionContext.Store}. Each test talks to it through a client of its
 * own and is one chapter of the tape ({@link TestKeys}); the live server, when one is needed, is
 * shared by the scope's tests. Here modes become per-test outcomes: a replayed test fails on its
 * own chapter's mismatches and unused interactions, a verified test on its own chapter's drift;
 * when the scope ends, the tape is written with only the chapters of the tests that ran and passed
 * re-recorded.
 */
final class TapeScope implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("dev.wassettetape.junit");
  private static final java.time.Duration SDK_TIMEOUT = java.time.Duration.ofSeconds(60);

  private final String where;
  private final Class<?> tapeClass;
  private final String method; // a method-level tape: the key of its method; null for a class
  private final Path path;
  private final TapeSession session;
  private final Consumer<McpClient> setUp; // the builder's handlers, before the handshake
  private final SdkClientSpec sdkSpec; // the same for the SDK's clients; null: as they come
  private final ChapterClients sdkClients = new ChapterClients();
  private final boolean failOnUnused;
  private final Map<String, Boolean> ran = new ConcurrentHashMap<>(); // chapter -> passed
  private final Set<String> accounted = ConcurrentHashMap.newKeySet(); // methods run or disabled
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final Map<String, String> renamed = new ConcurrentHashMap<>(); // RECORD: key -> old key
  private final Set<String> announced = ConcurrentHashMap.newKeySet();
  private final Approval approval;
  private volatile boolean finished;

  TapeScope(
      String where,
      Class<?> tapeClass,
      String method,
      Path path,
      TapeSession session,
      TapeConfig config,
      boolean failOnUnused,
      Approval approval) {
    this.where = where;
    this.tapeClass = tapeClass;
    this.method = method;
    this.path = path;
    this.session = session;
    this.setUp = config.client();
    this.sdkSpec = config.sdkClient();
    this.failOnUnused = failOnUnused;
    this.approval = approval;
  }

  /**
   * The chapter key of a test (or class) context of this scope ({@link TestKeys}). An invocation
   * the tape knows under another key ({@link TestKeys#chapterOf}) uses that chapter; in {@link
   * Mode#RECORD} it is recorded under its own key and the old chapter goes.
   */
  String keyOf(ExtensionContext context) {
    String key = TestKeys.of(context, tapeClass);
    String taped = TestKeys.chapterOf(key, session.chapters());
    if (taped.equals(key)) {
      return key;
    }
    if (session.mode() == Mode.RECORD) {
      renamed.put(key, taped);
      return key;
    }
    if (announced.add(key)) {
      LOG.info(
          "wassette-tape: test '"
              + key
              + "' of "
              + where
              + " uses chapter '"
              + taped
              + "' of "
              + path
              + " (its display name or index changed; re-record it to rename the chapter)");
    }
    return taped;
  }

  /** Gives a test's client the handlers the builder was given, before its handshake. */
  void setUp(McpClient client) {
    setUp.accept(client);
  }

  TapeSession session() {
    return session;
  }

  Class<?> tapeClass() {
    return tapeClass;
  }

  /** A disabled test still counts as part of a run of its whole class; its chapter is kept. */
  void disabled(String methodKey) {
    disabled.add(methodKey);
    accounted.add(methodKey);
  }

  /**
   * The official SDK's client of a test (or class) chapter, opened on its endpoint on first use and
   * closed when the chapter ends ({@link SdkClients}).
   */
  Object sdkClient(String key, Class<?> type) {
    AutoCloseable opened =
        sdkClients.get(
            key,
            type,
            () -> {
              AutoCloseable client =
                  SdkClients.open(type, session.endpoint(key), SDK_TIMEOUT, sdkSpec);
              session.settle(key); // its own requests after the handshake come before the test's
              return client;
            });
    return SdkClients.client(opened);
  }

  // ---- a test ends ---------------------------------------------------------------------------

  /** Ends a test's chapter and fails the test on what its chapter says. */
  void endTest(String key, boolean passed) {
    sdkClients.close(key);
    ran.put(key, passed);
    accounted.add(TestKeys.methodOf(key));
    ChapterResult result = session.endChapter(key, passed);
    String test = "test '" + key + "' of " + where;
    switch (result.mode()) {
      case REPLAY -> {
        if (!result.mismatches().isEmpty()) {
          throw new AssertionFailedError(
              "Tape "
                  + path
                  + " could not answer every request of "
                  + test
                  + ":\n"
                  + String.join("\n\n", result.mismatches())
                  + "\n  To re-record only this test: "
                  + recordCommandOf(key));
        }
        if (failOnUnused && passed && !result.unused().isEmpty()) {
          throw new AssertionFailedError(
              "Tape "
                  + path
                  + " has interactions of "
                  + test
                  + " that it never made:\n  "
                  + String.join("\n  ", result.unused())
                  + "\nRe-record the test with "
                  + recordCommandOf(key)
                  + ", or set "
                  + WassetteTape.FAIL_ON_UNUSED_PROPERTY
                  + "=false to allow unused interactions.");
        }
      }
      case VERIFY -> {
        if (result.verify() != null && !result.verify().passed()) {
          if (!session.hasChapter(key)) {
            throw new AssertionFailedError(
                "Tape "
                    + path
                    + " has no chapter for "
                    + test
                    + ": nothing to verify it against. Record it with:\n  "
                    + recordCommandOf(key));
          }
          approval.drifted(test, result.verify());
        }
      }
      default -> {}
    }
  }

  private String recordCommandOf(String key) {
    String methodKey = TestKeys.methodOf(key);
    return ModeResolver.recordCommand(
        tapeClass, methodKey.endsWith(TestKeys.CLASS_CHAPTER) ? null : simpleName(methodKey));
  }

  /** {@code Offline/cities(String)} → {@code cities}. */
  static String simpleName(String methodKey) {
    String name = methodKey.substring(methodKey.lastIndexOf('/') + 1);
    int open = name.indexOf('(');
    return open < 0 ? name : name.substring(0, open);
  }

  // ---- the scope ends ------------------------------------------------------------------------

  /** Ends the session: writes, reports and fails as the mode says. */
  void finish() {
    finished = true;
    sdkClients.closeAll();
    Set<String> all = method == null ? TestKeys.all(tapeClass) : Set.of(method);
    boolean whole = accounted.containsAll(all);
    // On a method's own tape only other methods' chapters are stale: one invocation of a
    // parameterized test may run alone, and the others' chapters must stay.
    boolean everyChapterRan = whole && method == null;
    List<String> stale = new ArrayList<>();
    for (String chapter : session.chapters()) {
      String methodKey = TestKeys.methodOf(chapter);
      if (!ran.containsKey(chapter)
          && !renamed.containsValue(chapter)
          && !disabled.contains(methodKey)
          && (!all.contains(methodKey) || everyChapterRan)) {
        stale.add(chapter);
      }
    }
    Mode mode = session.mode();
    Set<String> removed = new HashSet<>();
    if (mode == Mode.RECORD) {
      renamed.forEach(
          (key, old) -> {
            if (Boolean.TRUE.equals(ran.get(key))) {
              removed.add(old); // re-recorded under its current key
            }
          });
      if (whole) {
        removed.addAll(stale);
      }
    }
    SessionResult result = session.finish(removed, whole);
    List<ProtocolProblem> problems = session.serverProblems();
    if (!problems.isEmpty()) {
      LOG.warning(
          "wassette-tape: the live server of "
              + where
              + " wrote "
              + problems.size()
              + " line(s) that are no MCP messages; they were skipped:\n  "
              + problems.stream()
                  .limit(10)
                  .map(ProtocolProblem::toString)
                  .collect(java.util.stream.Collectors.joining("\n  ")));
    }
    if (result.serverLost() != null) {
      throw new AssertionFailedError(
          "The live server went away during the session of "
              + where
              + ": "
              + result.serverLost()
              + "\nTape "
              + path
              + " was not changed"
              + (result.partial() == null
                  ? "."
                  : "; the session as far as it went is in " + result.partial() + "."));
    }
    String chapters = quoted(stale);
    switch (mode) {
      case RECORD, RECORD_MISSING -> {
        if (result.written()) {
          LOG.info(
              "wassette-tape: wrote "
                  + path
                  + " for "
                  + where
                  + ": recorded "
                  + quoted(result.rewritten())
                  + (result.removed().isEmpty() ? "" : ", removed " + quoted(result.removed())));
        }
        List<String> failed =
            ran.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (!failed.isEmpty() && mode == Mode.RECORD) {
          LOG.warning(
              "wassette-tape: kept the chapters of "
                  + quoted(failed)
                  + " in "
                  + path
                  + " as they were: those tests failed");
        }
        if (!stale.isEmpty() && !(mode == Mode.RECORD && whole)) {
          LOG.warning(
              "wassette-tape: "
                  + path
                  + " keeps chapters of tests that no longer exist: "
                  + chapters
                  + ". Re-record all of "
                  + where
                  + " to drop them: "
                  + session.howToRecord());
        }
      }
      case VERIFY -> approval.ended(where, path, result.received(), result.handshake());
      case REPLAY -> {
        if (failOnUnused && whole && !stale.isEmpty()) {
          throw new AssertionFailedError(
              "Tape "
                  + path
                  + " has chapters of tests of "
                  + where
                  + " that no longer exist: "
                  + chapters
                  + ".\nRe-record all of it to drop them with "
                  + session.howToRecord()
                  + ", or set "
                  + WassetteTape.FAIL_ON_UNUSED_PROPERTY
                  + "=false to allow them.");
        }
      }
      default -> {}
    }
  }

  private static String quoted(List<String> chapters) {
    return chapters.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
  }

  /**
   * Finishes a method-level tape of a parameterized test when its method's context closes, and is
   * the safety net when a scope is dropped without finishing (e.g. a failing {@code @BeforeAll}).
   */
  @Override
  public void close() {
    if (!finished && method != null) {
      finish();
    }
    session.close();
  }
}
