package dev.wassettetape.wassette;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Drains a process's stderr on its own thread (a full pipe would stall the process), keeping the
 * last lines for error messages and noticing a line that signals readiness.
 */
final class StderrLog {

  static final int TAIL_LINES = 40;

  private final Deque<String> tail = new ArrayDeque<>();
  private volatile boolean ended;

  StderrLog(InputStream stderr, String name) {
    Thread reader = new Thread(() -> drain(stderr), "wassette-tape-stderr " + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream stderr) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (tail) {
          if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
          tail.notifyAll();
          seen = seen || (awaited != null && line.contains(awaited));
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    } finally {
      synchronized (tail) {
        ended = true;
        tail.notifyAll();
      }
    }
  }

  private String awaited;
  private boolean seen;

  /**
   * Waits until a line containing {@code text} appears. Only one text can be awaited; lines that
   * went by before this call are looked at too (within the tail).
   *
   * @return true when seen, false when stderr ended or the time ran out
   */
  boolean await(String text, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (tail) {
      awaited = text;
      seen = seen || tail.stream().anyMatch(l -> l.contains(text));
      while (!seen && !ended) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        tail.wait(left);
      }
      return seen;
    }
  }

  /** The last lines, oldest first. */
  String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }
}
