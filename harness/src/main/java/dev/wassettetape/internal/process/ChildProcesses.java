package dev.wassettetape.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts (Wassette, an MCP server command, a compile) goes through here,
 * so that none outlives the JVM that started it:
 *
 * <ul>
 *   <li>it runs under a small {@code sh} guard that ends it when this JVM is gone, however it went
 *       (Wassette does not exit when its stdin closes, and a JVM killed with SIGKILL runs no hook);
 *   <li>a shutdown hook ends every one still running when the JVM exits normally or on SIGTERM;
 *   <li>it carries {@value #MARK}=1 in its environment, so a run can check that none is left.
 * </ul>
 */
public final class ChildProcesses {

  /** The environment variable every child carries. */
  public static final String MARK = "WASSETTE_TAPE_CHILD";

  /** Starts the command, ends it when its parent is gone; {@code $1} is the parent's pid. */
  private static final String GUARD =
      String.join(
          "\n",
          "parent=$1; shift",
          "exec 3<&0",
          "\"$@\" <&3 3<&- &",
          "child=$!",
          "exec 3<&-",
          "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT HUP",
          "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do",
          "  sleep 1 & wait $!",
          "done",
          "kill -TERM \"$child\" 2>/dev/null",
          "wait \"$child\"");

  private static final Path SH = Path.of("/bin/sh");
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean endedByCaller;

  static {
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (!endedByCaller) {
                      endAll();
                    }
                  },
                  "wassette-tape-children"));
    } catch (IllegalStateException exiting) {
      // first used while the JVM exits: there is nothing to end, and no process can start now
    }
  }

  /**
   * Ends every child still running, at once: what the JVM's exit does, and what a shutdown hook
   * that halts the JVM (before the other hooks are done) does first.
   */
  public static void endAll() {
    List.copyOf(LIVE).forEach(p -> end(p, Duration.ZERO));
  }

  /**
   * The caller's own shutdown hook ends the children (with {@link #endAll}) once it is done with
   * them: on SIGTERM, a command that still has a tape to write keeps its server until it has
   * written it, instead of seeing it killed by this class's hook mid-way.
   */
  public static void endedByCaller() {
    endedByCaller = true;
  }

  private ChildProcesses() {}

  /** Starts a process, marked and guarded, and ends it with the JVM. */
  public static Process start(ProcessBuilder builder) throws IOException {
    builder.environment().put(MARK, "1");
    if (Files.isExecutable(SH)) {
      List<String> guarded = new ArrayList<>(List.of(SH.toString(), "-c", GUARD, "guard"));
      guarded.add(String.valueOf(ProcessHandle.current().pid()));
      guarded.addAll(builder.command());
      builder.command(guarded);
    }
    Process process = builder.start();
    LIVE.add(process);
    process.onExit().thenRun(() -> LIVE.remove(process));
    return process;
  }

  /**
   * {@code exited with status 3} or {@code still running (pid 42)}, for error messages. A process
   * whose output just ended is given a moment to be seen exited, so that its status is in the
   * message.
   */
  public static String state(Process process) {
    try {
      process.waitFor(200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.isAlive()
        ? "still running (pid " + process.pid() + ")"
        : "exited with status " + process.exitValue();
  }

  /**
   * Waits up to {@code wait} for the command itself to exit (not its guard, which notices within a
   * second); true when it did.
   */
  public static boolean awaitExit(Process process, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive() || process.descendants().noneMatch(ChildProcesses::isCommand)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** A descendant that is the guarded command (or one it started), not the guard's timer. */
  private static boolean isCommand(ProcessHandle p) {
    return p.isAlive() && !p.info().command().map(c -> c.endsWith("/sleep")).orElse(false);
  }

  /**
   * Ends a process and everything it started: SIGTERM, up to {@code grace} to exit, then SIGKILL.
   * Returns when they are gone (or after a last bounded wait).
   */
  public static void end(Process process, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroy); // the guarded command first: its guard follows
    process.destroy();
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      for (ProcessHandle p : descendants) {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (Exception notInTime) {
      // ended forcibly below
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(process);
  }

  /**
   * Kills a process and everything it started, now, without waiting (a stuck server: its owner's
   * {@link #end} still follows and reaps it).
   */
  public static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
