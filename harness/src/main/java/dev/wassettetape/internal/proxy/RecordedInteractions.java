package dev.wassettetape.internal.proxy;

import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.tape.Interaction;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What a {@link Recorder} holds: each chapter's interactions in order, in flat memory however long
 * the session runs. An interaction the session will not change any more (answered, cancelled or a
 * notification, and not {@code open}: no server request of its own is waiting) that is not among
 * the {@value #RECENT} most recent is moved to a {@link Spool} on disk, in batches, by a thread of
 * its own (off the messages' way), and read back when asked for. Guarded by the recorder's lock.
 */
final class RecordedInteractions implements AutoCloseable {

  /** How many of the latest interactions stay on the heap: late events and answers go there. */
  static final int RECENT = 64;

  /** An interaction's place: its chapter and index there. */
  record Slot(String chapter, int index) {}

  private record Spooling(Slot slot, Interaction interaction) {}

  /** An interaction on the heap, with the id of its request (null: none, or not to forget). */
  private record Held(Slot slot, Id request) {}

  private final Object lock;
  private final Predicate<Slot> open;
  private final BiConsumer<Id, Slot> spooled;
  // each chapter's interactions in order: an Interaction, or a Spool.Handle once spooled
  private final Map<String, List<Object>> chapters = new LinkedHashMap<>();
  private final ArrayDeque<Held> recent = new ArrayDeque<>(); // on the heap, oldest first
  private final List<Held> heldBack = new ArrayList<>(); // older, but the session may change them
  private final List<Spooling> toSpool = new ArrayList<>(); // settled, for the spooler's next turn
  private final Spool spool = new Spool();
  private ExecutorService spooler; // one thread, started with the first batch
  private volatile boolean closed;

  /**
   * @param lock the recorder's lock, which guards this
   * @param open whether the session may still change an interaction (a server request of its own
   *     waits for the client's answer)
   * @param spooled told the request id of an interaction that left the heap: too old for a late
   *     cancellation to matter, the recorder may forget it
   */
  RecordedInteractions(Object lock, Predicate<Slot> open, BiConsumer<Id, Slot> spooled) {
    this.lock = lock;
    this.open = open;
    this.spooled = spooled;
  }

  /**
   * Adds an interaction (of the request with that id, null for a notification) at the end of its
   * chapter; settled older ones may leave the heap.
   */
  Slot add(String chapter, Interaction interaction, Id request) {
    List<Object> list = chapters.computeIfAbsent(chapter, k -> new ArrayList<>());
    list.add(interaction);
    Slot slot = new Slot(chapter, list.size() - 1);
    recent.add(new Held(slot, request));
    while (recent.size() > RECENT) {
      Held oldest = recent.removeFirst();
      if (!spool(oldest)) {
        heldBack.add(oldest);
      }
    }
    heldBack.removeIf(this::spool);
    return slot;
  }

  Interaction get(Slot slot) {
    return materialize(chapters.get(slot.chapter()).get(slot.index()));
  }

  void set(Slot slot, Interaction interaction) {
    if (chapters.get(slot.chapter()).set(slot.index(), interaction) instanceof Spool.Handle) {
      heldBack.add(new Held(slot, null)); // changed after all: on the heap until settled again
    }
  }

  /** A chapter's interactions, in order (none for a chapter that sent nothing). */
  List<Interaction> chapter(String key) {
    List<Interaction> interactions = new ArrayList<>();
    chapters.getOrDefault(key, List.of()).forEach(e -> interactions.add(materialize(e)));
    return interactions;
  }

  Set<String> chapters() {
    return chapters.keySet();
  }

  /** How many interactions are on the heap (the rest are spooled). */
  int onHeap() {
    return (int)
        chapters.values().stream()
            .flatMap(List::stream)
            .filter(Interaction.class::isInstance)
            .count();
  }

  /** Queues a settled interaction for the spool; false if the session may still change it. */
  private boolean spool(Held held) {
    Slot slot = held.slot();
    if (!(chapters.get(slot.chapter()).get(slot.index()) instanceof Interaction i)) {
      return true; // spooled already
    }
    boolean settled = i.notification() || i.response() != null || i.isCancelled();
    if (!settled || open.test(slot)) {
      return false;
    }
    toSpool.add(new Spooling(slot, i));
    if (held.request() != null) {
      spooled.accept(held.request(), slot);
    }
    if (toSpool.size() >= RECENT) { // in batches: one write, one hand-off for many
      List<Spooling> batch = List.copyOf(toSpool);
      toSpool.clear();
      if (spooler == null) {
        spooler =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "wassette-tape-spooler");
                  t.setDaemon(true);
                  return t;
                });
      }
      try {
        spooler.execute(() -> write(batch));
      } catch (RejectedExecutionException closed) {
        // closed: nothing is asked of it any more
      }
    }
    return true;
  }

  /**
   * On the spooler's thread: writes a batch, then puts each handle where it was, unless changed.
   */
  private void write(List<Spooling> batch) {
    List<Spool.Handle> handles;
    try {
      handles = spool.write(batch.stream().map(Spooling::interaction).toList());
    } catch (UncheckedIOException e) {
      if (closed) {
        return; // closed while it wrote (its channel closed by the interrupt): nothing to keep
      }
      throw e; // the batch stays on the heap, where it is
    }
    synchronized (lock) {
      for (int k = 0; k < batch.size(); k++) {
        Slot slot = batch.get(k).slot();
        List<Object> list = chapters.get(slot.chapter());
        if (list.get(slot.index()) == batch.get(k).interaction()) {
          list.set(slot.index(), handles.get(k));
        }
      }
    }
  }

  private Interaction materialize(Object entry) {
    return entry instanceof Spool.Handle handle ? spool.read(handle) : (Interaction) entry;
  }

  /** Frees the spool; nothing more is asked of it. */
  @Override
  public void close() {
    closed = true;
    if (spooler != null) {
      spooler.shutdownNow();
    }
    spool.close();
  }
}
