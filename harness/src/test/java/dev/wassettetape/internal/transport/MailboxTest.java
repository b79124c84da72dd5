package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MailboxTest {

  @Test
  void aQuickMailboxRunsOnThePostersThreadAndNeverNestsATaskInsideAnother() {
    Mailbox a = new Mailbox(true);
    Mailbox b = new Mailbox(true);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Thread me = Thread.currentThread();
    a.post(
        () -> {
          log.add("a1 start");
          b.post(() -> log.add("b1 on " + (Thread.currentThread() == me ? "poster" : "other")));
          a.post(() -> log.add("a2"));
          log.add("a1 end");
        });
    assertThat(log).containsExactly("a1 start", "a1 end", "a2", "b1 on poster");
  }

  @Test
  void aLoopRunsWhatItsTaskPostedAfterTheTaskBeforeReturning() {
    Mailbox writes = new Mailbox(true);
    Object lock = new Object();
    AtomicReference<Boolean> heldWhileWriting = new AtomicReference<>();
    Mailbox.loop(
        () -> {
          synchronized (lock) {
            writes.post(() -> heldWhileWriting.set(Thread.holdsLock(lock)));
          }
        },
        false);
    assertThat(heldWhileWriting.get()).as("the write ran after the lock was released").isFalse();
  }

  @Test
  void workThatMayBlockLeavesAThreadThatOthersDependOn() throws InterruptedException {
    Mailbox userCode = new Mailbox(false);
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<Thread> where = new AtomicReference<>();
    Mailbox.loop(
        () ->
            userCode.post(
                () -> {
                  where.set(Thread.currentThread());
                  ran.countDown();
                }),
        false);
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(where.get()).isNotSameAs(Thread.currentThread());

    AtomicReference<Thread> inUserLoop = new AtomicReference<>();
    Mailbox.loop(() -> userCode.post(() -> inUserLoop.set(Thread.currentThread())), true);
    assertThat(inUserLoop.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void tasksPostedFromManyThreadsAllRunInOrderPerPosterAndNeverTwoAtOnce() throws Exception {
    Mailbox box = new Mailbox(true);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    int threads = 4;
    int each = 5_000;
    int[] last = new int[threads];
    AtomicInteger outOfOrder = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads * each);
    List<Thread> posters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int poster = t;
      posters.add(
          new Thread(
              () -> {
                for (int i = 1; i <= each; i++) {
                  int n = i;
                  box.post(
                      () -> {
                        if (running.incrementAndGet() > 1) {
                          overlaps.incrementAndGet();
                        }
                        if (last[poster] != n - 1) {
                          outOfOrder.incrementAndGet();
                        }
                        last[poster] = n;
                        running.decrementAndGet();
                        done.countDown();
                      });
                }
              }));
    }
    posters.forEach(Thread::start);
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    for (Thread t : posters) {
      t.join(5_000);
    }
    assertThat(overlaps.get()).isZero();
    assertThat(outOfOrder.get()).isZero();
  }

  @Test
  void aShutMailboxRunsWhatItHasAndRefusesMore() {
    Mailbox box = new Mailbox(true);
    List<String> log = new ArrayList<>();
    Mailbox.loop(
        () -> {
          box.post(() -> log.add("queued"));
          box.shut();
        },
        true);
    assertThat(log).containsExactly("queued");
    assertThatThrownBy(() -> box.post(() -> log.add("late")))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
