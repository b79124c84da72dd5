package dev.wassettetape.internal.transport;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The work waiting for one destination (a transport's listener, a peer to write to), done in the
 * order it was posted, one task at a time, without a thread of its own where none is needed.
 *
 * <p>Where a task runs: a thread that posts while it runs a <em>loop</em> (it is delivering a
 * message, see {@link #loop}) does the task itself after its current one, never nested inside it,
 * so a task posted under a lock runs after the lock is released. A thread outside any loop does it
 * at once, in a loop of its own, when the destination is {@linkplain #Mailbox quick}. Otherwise,
 * and whenever a thread others depend on (one reading a server: its loop says it may not block)
 * meets work that may block, a pooled thread does it. One message through the proxy and back thus
 * crosses no thread where nothing may block, instead of one per hop.
 *
 * <p>A destination's tasks never run on two threads at once.
 */
public final class Mailbox {

  private static final ThreadLocal<Loop> LOOP = new ThreadLocal<>();

  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "wassette-tape-mailbox");
            t.setDaemon(true);
            return t;
          });

  /** How many tasks a thread does for others before it hands the rest to a pooled thread. */
  private static final int SHARE = 256;

  private volatile boolean quick;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean shut;

  /**
   * @param quick whether its tasks return soon and wait for nothing but short locks (the proxy's
   *     dispatch, an in-memory hand-over, a write to a stdio peer that is the only one on its
   *     side): then any thread may do them. Tasks that run a user's code (a client's listener) or
   *     may wait on one peer among several are not.
   */
  public Mailbox(boolean quick) {
    this.quick = quick;
  }

  /**
   * Runs {@code task} on this thread as a loop: what it posts to mailboxes runs here after it,
   * before this returns. Within a loop, just runs it. A thread that reads a server or serves others
   * says {@code mayBlock} false: work that may block is then handed to a pooled thread.
   */
  public static void loop(Runnable task, boolean mayBlock) {
    if (LOOP.get() != null) {
      task.run();
      return;
    }
    Loop loop = new Loop(mayBlock, false);
    LOOP.set(loop);
    try {
      task.run();
      loop.drain();
    } finally {
      LOOP.remove();
    }
  }

  /** Says anew whether its tasks are quick (e.g. once the listener it delivers to is known). */
  public void quick(boolean quick) {
    this.quick = quick;
  }

  /** Adds a task. */
  public void post(Runnable task) {
    if (shut) {
      throw new RejectedExecutionException("mailbox is shut");
    }
    tasks.add(task);
    schedule();
  }

  /** Takes no more tasks; those posted before still run. */
  public void shut() {
    shut = true;
  }

  /** Whether nothing is queued or running: a task done now would not overtake any. */
  public boolean isIdle() {
    return !claimed.get() && tasks.isEmpty();
  }

  private void schedule() {
    if (tasks.isEmpty() || !claimed.compareAndSet(false, true)) {
      return; // nothing to do, or whoever holds it will do it
    }
    Loop loop = LOOP.get();
    if (loop != null && (quick || loop.mayBlock)) {
      loop.ready.add(this); // after the task this thread is doing
    } else if (loop == null && quick) {
      run(this, false);
    } else {
      POOL.execute(() -> run(this, true));
    }
  }

  private static void run(Mailbox first, boolean pooled) {
    Loop loop = new Loop(true, pooled);
    LOOP.set(loop);
    try {
      loop.ready.add(first);
      loop.drain();
    } finally {
      LOOP.remove();
    }
  }

  private void drain(Loop loop) {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
      }
      if (!loop.pooled && ++loop.done >= SHARE && !tasks.isEmpty()) {
        POOL.execute(() -> run(this, true)); // this thread did its share: it keeps the claim
        return;
      }
    }
    claimed.set(false);
    schedule(); // a task posted after the last poll and before the release
  }

  private static final class Loop {
    final boolean mayBlock;
    final boolean pooled;
    final ArrayDeque<Mailbox> ready = new ArrayDeque<>();
    int done; // tasks this thread did, counted when it is not a pooled one

    Loop(boolean mayBlock, boolean pooled) {
      this.mayBlock = mayBlock;
      this.pooled = pooled;
    }

    void drain() {
      Mailbox next;
      while ((next = ready.poll()) != null) {
        next.drain(this);
      }
    }
  }
}
