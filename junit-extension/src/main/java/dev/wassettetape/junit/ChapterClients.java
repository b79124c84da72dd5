package dev.wassettetape.junit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SDK clients a scope opened, by chapter and type, each closed when its chapter ends (before
 * the chapter's session is): a test asking twice for one type gets the same client. Loads nothing
 * of the SDK itself; {@link SdkClients} opens them.
 */
final class ChapterClients {

  private final Map<String, Map<Class<?>, AutoCloseable>> open = new ConcurrentHashMap<>();

  /** The chapter's client of a type, opened by {@code opener} on first use. */
  AutoCloseable get(String chapter, Class<?> type, Supplier<AutoCloseable> opener) {
    return open.computeIfAbsent(chapter, c -> new ConcurrentHashMap<>())
        .computeIfAbsent(type, t -> opener.get());
  }

  /** Closes a chapter's clients. */
  void close(String chapter) {
    Map<Class<?>, AutoCloseable> clients = open.remove(chapter);
    if (clients != null) {
      clients.values().forEach(ChapterClients::closeQuietly);
    }
  }

  /** Closes every chapter's clients. */
  void closeAll() {
    open.keySet().forEach(this::close);
  }

  private static void closeQuietly(AutoCloseable client) {
    try {
      client.close();
    } catch (Exception e) {
      // the chapter's session ends anyway: a client that cannot say goodbye changes nothing
    }
  }
}
