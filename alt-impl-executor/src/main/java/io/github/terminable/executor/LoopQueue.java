package io.github.terminable.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * The task queue of one background loop ({@link ExecutorLoop}): many producers, one consumer
 * (the loop thread), FIFO (rule 5.1), with the hand-offs of a graceful {@code shutdown()}
 * (rule 5.7), of a termination (rule 5.2) and of {@code shutdownNow()} (rule 5.10).
 *
 * <p><b>Thread-safety.</b> {@link #offer}, {@link #close}, {@link #stop} and {@link #isClosed}
 * may be called from any thread. {@link #runTasks} and {@link #exit} are called by the loop
 * thread only, once each, in that order.
 *
 * <p><b>Memory consistency.</b> Actions of a thread before {@link #offer} <i>happen-before</i> the
 * loop thread runs the task (see "Memory ordering" below).
 */
final class LoopQueue {

    /*
     * Overview.
     *
     * A singly linked list of Nodes. The consumer (the loop thread) holds the head in a local
     * variable of runTasks(): the last node it passed, whose successor is the next task. Producers
     * append at `tail`:
     *
     *   offer:  t = tail; t == CLOSED ? reject : CAS(tail, t, node), then t.next = node (release)
     *
     * A producer between its CAS and its link leaves a node that is queued (accepted: offer()
     * returns normally) but not yet reachable; the consumer and the drains below wait for the
     * link, which follows within a few instructions.
     *
     * The end of the stream is in the list itself. close() swaps `tail` to the marker CLOSED and
     * then links the marker END after the node it replaced, so the chain of accepted nodes ends
     * in END, and no producer can append after it (a producer whose CAS raced close() sees
     * CLOSED on its retry and is rejected, rule 5.3). The consumer runs tasks until it reaches
     * END: that is a graceful shutdown (every task accepted before close() runs, rules 5.7 and
     * 5.8).
     *
     * Taking a task is a claim: getAndSet(item, null) on its node. Only the consumer runs tasks,
     * but stop() (the termination callback, rule 5.7, and shutdownNow(), rule 5.10) takes the
     * queued tasks from another thread, while the consumer may be taking them too; the claim
     * decides each node exactly once, so a task runs on the loop or is cancelled / handed back,
     * never both (rule 5.10: a task handed back never runs on the loop). Clearing the item also
     * lets the task be collected as soon as it has run.
     *
     * stop() walks from `published`, a recent head of the consumer (written every PUBLISH_EVERY
     * tasks and whenever the consumer goes idle or leaves; the nodes between it and the real
     * head are already claimed and skipped), up to END, and claims every node it reaches. A
     * stale `published` costs a few skipped nodes, never a missed one: nodes are never unlinked,
     * only left behind for the garbage collector.
     *
     * The consumer's states (`waiting` and `exited` are the only ones other threads see):
     *
     *   RUNNING --queue empty--> YIELDING (up to YIELDS_BEFORE_PARK yields, polling)
     *   YIELDING --a node arrives--> RUNNING
     *   YIELDING --still empty--> IDLE (waiting = 1, parked) --offer/close/stop--> RUNNING
     *   any --reaches END, or sees `stopping` after an interrupt--> EXITED (exit())
     *
     * Wake-ups. The consumer parks only after publishing `waiting = 1` and then finding
     * `tail` unchanged (nothing accepted, linked or not). A producer reads `waiting` after its
     * CAS on `tail` and unparks only if it wins CAS(waiting, 1, 0): a burst of offers
     * to a busy loop costs no signal at all, and to an idle loop one unpark. Both sides are
     * volatile accesses (the CAS on `tail` and the write of `waiting` are both followed by a
     * volatile read of the other's variable), so at least one of the two sees the other: either
     * the consumer sees the new tail and does not park, or the producer sees `waiting` and
     * unparks it. Spurious wake-ups just repeat the check.
     *
     * Idle. Before it publishes `waiting`, the consumer calls Thread.yield() up to
     * YIELDS_BEFORE_PARK times, polling its head in between. A yield hands the processor to a
     * runnable thread, typically the producer that the consumer's last wake-up displaced, which
     * then appends more tasks without paying an unpark, and the consumer runs them without
     * paying a wake-up. On the 2-core reference machine under load, timed in separate JVMs, this
     * took a burst of 1000 submits from about 1.05x to 1.25-2.1x newSingleThreadExecutor()
     * (benchmarks/RESULTS.md, "Row 3 — background loop throughput and latency"). It does not change the round trip, which stays at the
     * baseline's (0.93-1.06x): both pay one wake-up of each thread per task. With no other
     * runnable thread each yield returns at once, so the bound is a few microseconds of system
     * calls per idle transition; after them the consumer parks and uses no processor time until
     * woken (rule 5.1). A busy-wait (Thread.onSpinWait, 10 us) in its place made the round trip
     * slower under load (0.69x): it keeps the processor from the very thread it waits for.
     *
     * Stopping. stop() sets `stopping`, closes, claims every queued node, then interrupts the
     * loop thread unless it has exited (the running task sees the interrupt, rule 5.7), all
     * inside this object's monitor. Claiming before interrupting matters: a task that catches
     * the interrupt clears the status, and the consumer then moves on, to find every node
     * claimed and END. The consumer clears the interrupt status after every task (rule
     * 5.2: an interrupt meant for one task never reaches the next); when that finds an
     * interrupt, or when it wakes from park, it reads `stopping` and leaves. stop() writes
     * `stopping` before Thread.interrupt(), which happens-before the interrupted thread sees the
     * interrupt, so the consumer cannot miss it. A task the consumer claimed before stop()'s
     * walk reached it runs (a submission concurrent with the stop, rule 5.3); the interrupt is
     * then meant for it or for an earlier one.
     *
     * exit() sets `exited` inside the same monitor. So every stop() either finished before it
     * (its cancellations are done: no future is pending once the loop ends, rules 5.2 and 5.5,
     * and its interrupt was sent, to be cleared before the cleanups) or starts after it and
     * does not interrupt the thread, which may be running its cleanups (rule 5.5).
     *
     * Memory ordering. A producer's writes before offer(), the node's fields included, are
     * ordered before its release write of `prev.next`; the consumer reads `next` with a
     * volatile (acquiring) read and so sees them when it sees the node. The claim's getAndSet is
     * a further full fence. The consumer's release writes of `published` pair with the stopper's
     * volatile read the same way (the nodes it reaches from there were linked by the same
     * release writes).
     */

    /** How many tasks the consumer runs between two writes of {@link #published}. */
    private static final int PUBLISH_EVERY = 64;
    /**
     * How many times the consumer gives way to other runnable threads, polling in between,
     * before it parks on an empty queue (see "Idle" in the overview).
     */
    private static final int YIELDS_BEFORE_PARK = 8;
    /** The value of {@link #tail} once closed. Never linked into a list. */
    private static final Node CLOSED = new Node(null);
    /** Linked after the last accepted node by {@link #close()}: the end of the stream. */
    private static final Node END = new Node(null);

    private static final VarHandle TAIL;
    private static final VarHandle WAITING;
    private static final VarHandle PUBLISHED;
    private static final VarHandle NEXT;
    private static final VarHandle ITEM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(LoopQueue.class, "tail", Node.class);
            WAITING = lookup.findVarHandle(LoopQueue.class, "waiting", int.class);
            PUBLISHED = lookup.findVarHandle(LoopQueue.class, "published", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
            ITEM = lookup.findVarHandle(Node.class, "item", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The loop thread: the one consumer, parked when idle, interrupted by {@link #stop}. */
    private final Thread consumer;
    /** The last node accepted, or {@link #CLOSED}; CAS only (see the overview). */
    private volatile Node tail;
    /**
     * 1 while the consumer is parked or about to park, else 0; set by it, cleared by the waker.
     * An int, not a boolean: its VarHandle class is already loaded (one class fewer on the exit
     * path; see benchmarks/RESULTS.md, "Row 5 — whole-process exit").
     */
    private volatile int waiting;
    /** A recent head of the consumer: where {@link #stop} starts its walk. */
    private volatile Node published;
    /** Set once by the first {@link #stop}, inside the monitor, before its interrupt. */
    private volatile boolean stopping;
    /** Set once by {@link #exit()}; guarded by this object's monitor. */
    private boolean exited;

    /**
     * Creates an empty, open queue.
     *
     * @param consumer the loop thread, which alone calls {@link #runTasks}
     */
    LoopQueue(Thread consumer) {
        this.consumer = consumer;
        Node stub = new Node(null);
        this.tail = stub;
        this.published = stub;
    }

    /**
     * Appends a task, unless the queue is closed.
     *
     * @param task the task
     * @return whether it was accepted; {@code false} once {@link #close()} has begun
     */
    boolean offer(Runnable task) {
        Node node = new Node(task);
        for (;;) {
            Node t = tail;
            if (t == CLOSED) {
                return false;
            }
            if (TAIL.compareAndSet(this, t, node)) {
                NEXT.setRelease(t, node);
                wakeConsumer();
                return true;
            }
        }
    }

    /** Unparks the consumer if it is idle, once per idle period (see the overview). */
    private void wakeConsumer() {
        if (waiting != 0 && WAITING.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(consumer);
        }
    }

    /**
     * Accepts nothing more; the tasks accepted so far stay queued and the consumer leaves when
     * it has run them (ExecutorService.shutdown). Idempotent.
     */
    void close() {
        for (;;) {
            Node t = tail;
            if (t == CLOSED) {
                return;
            }
            if (TAIL.compareAndSet(this, t, CLOSED)) {
                NEXT.setRelease(t, END);
                wakeConsumer();
                return;
            }
        }
    }

    /** Returns whether {@link #close()} has begun. */
    boolean isClosed() {
        return tail == CLOSED;
    }

    /**
     * Closes the queue, interrupts the running task if the consumer has not left yet, and takes
     * every queued task that has not started (rules 5.7 and 5.10). Idempotent: a later call
     * finds nothing queued.
     *
     * @param cancel whether to cancel the taken tasks that are futures (every termination but
     *     {@code shutdownNow()}, whose caller receives them uncancelled)
     * @return the tasks that never started, in acceptance order
     */
    synchronized List<Runnable> stop(boolean cancel) {
        stopping = true;
        close();
        // Claim first, interrupt after (see the overview).
        List<Runnable> taken = drainFrom(published, cancel);
        if (!exited) {
            consumer.interrupt();
        }
        return taken;
    }

    /**
     * Claims every node after {@code from} up to {@link #END}, waiting for the links of
     * producers that are between their CAS and their link. The queue must be closed.
     */
    private static List<Runnable> drainFrom(Node from, boolean cancel) {
        List<Runnable> taken = new ArrayList<>();
        Node n = from;
        for (;;) {
            Node next = n.next;
            if (next == null) {
                Thread.yield(); // a producer's link is due (see the overview)
                continue;
            }
            if (next == END) {
                return taken;
            }
            n = next;
            Runnable task = (Runnable) ITEM.getAndSet(n, (Runnable) null);
            if (task != null) {
                if (cancel && task instanceof Future) {
                    ((Future<?>) task).cancel(false); // completes it and unparks its waiters; runs no task code
                }
                taken.add(task);
            }
        }
    }

    /**
     * Runs the queued tasks in order on the loop thread until the queue ends (after
     * {@link #close()}) or {@link #stop} has been called. Each task must handle its own
     * failures. Loop thread only, once.
     */
    void runTasks() {
        Node head = published;
        int sincePublished = 0;
        for (;;) {
            Node next = (Node) NEXT.getAcquire(head);
            if (next == null) {
                PUBLISHED.setRelease(this, head);
                sincePublished = 0;
                next = awaitNext(head);
                if (next == null) {
                    return; // stopping
                }
            }
            if (next == END) {
                PUBLISHED.setRelease(this, head);
                return;
            }
            head = next;
            Runnable task = (Runnable) ITEM.getAndSet(next, (Runnable) null);
            if (task != null) {
                task.run();
                // Rule 5.2: an interrupt meant for this task must not reach the next one. An
                // interrupt found here may also be stop()'s, which set `stopping` first.
                if (Thread.interrupted() && stopping) {
                    PUBLISHED.setRelease(this, head);
                    return;
                }
            }
            if (++sincePublished == PUBLISH_EVERY) {
                PUBLISHED.setRelease(this, head);
                sincePublished = 0;
            }
        }
    }

    /**
     * Waits while the queue is empty (rule 5.1: without consuming processor time, after a few
     * yields; see "Idle" in the overview).
     *
     * @param head the consumer's head, whose successor is awaited
     * @return the successor, or {@code null} if {@link #stop} was called
     */
    private Node awaitNext(Node head) {
        for (int i = 0; i < YIELDS_BEFORE_PARK; i++) {
            Thread.yield();
            Node next = (Node) NEXT.getAcquire(head);
            if (next != null) {
                return next;
            }
        }
        for (;;) {
            Node next = (Node) NEXT.getAcquire(head);
            if (next != null) {
                return next;
            }
            if (stopping) {
                return null;
            }
            waiting = 1;
            if (tail == head) {
                LockSupport.park(this);
                if (Thread.interrupted() && stopping) {
                    waiting = 0;
                    return null;
                }
                // otherwise a stray interrupt (a late cancel(true) of a task that has finished):
                // cleared, and the check repeats
            } else {
                Thread.yield(); // accepted, and its link is due (see the overview)
            }
            waiting = 0;
        }
    }

    /**
     * The consumer leaves: after this, {@link #stop} no longer interrupts the loop thread, and
     * every task is run, cancelled or handed back. Takes what is still queued if
     * {@link #runTasks} ended abnormally, and cancels it. Loop thread only, once, after
     * {@link #runTasks}.
     */
    void exit() {
        synchronized (this) {
            exited = true;
        }
        // After a graceful end or a stop() this finds every node claimed and END next; after an
        // abnormal end of runTasks() it cancels what is left.
        close();
        drainFrom(published, true);
    }

    /** A node of the list; {@link #item} is cleared when the task is claimed. */
    static final class Node {
        /** The task; written before the node is linked, cleared by the claim (getAndSet). */
        Runnable item;
        volatile Node next;

        Node(Runnable item) {
            this.item = item;
        }
    }
}
