package io.github.terminable.reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The task queue and lifecycle of one background loop (rules 5.1 to 5.3 and 5.7).
 *
 * <p><b>Thread-safety.</b> Safe from any thread; the state and the queue are guarded by one lock,
 * which is never held while a task runs. {@link #take()}, {@link #taskDone()} and {@link #end()}
 * are called only by the loop thread; {@link #taskDone()} takes no lock.
 *
 * <p><b>Memory consistency.</b> Actions prior to {@link #offer} <i>happen-before</i> the task is
 * returned by {@link #take()} (both under the lock).
 */
final class LoopTaskQueue {

    /*
     * Overview: the loop's state machine, guarded by `lock`.
     *
     *   ACCEPTING --beginDraining() (ExecutorService.shutdown)--> DRAINING
     *   ACCEPTING | DRAINING --stop() (termination callback, shutdownNow)--> STOPPING
     *   any --end() (the loop thread is leaving its loop)--> ENDED
     *
     * offer() accepts only in ACCEPTING and while termination has not been requested; take()
     * returns queued tasks in ACCEPTING and DRAINING and null once STOPPING, or once DRAINING and
     * empty. stop() and end() empty the queue and cancel what they took out before releasing the
     * lock, so every accepted task is either run or cancelled, and none is pending once end()
     * has returned (rule 5.2). The one exception is stop(thread, false), used by shutdownNow():
     * it hands the removed tasks, uncancelled, to its caller, who owns them from then on
     * (rule 5.10).
     *
     * `current` is the running task. Only the loop thread writes it: take() sets it under the lock
     * together with removing the task, taskDone() clears it without the lock (one lock round per
     * task fewer: benchmarks/RESULTS.md, row 3). stop() reads it under the lock and interrupts the
     * loop thread only if it is set, so the interrupt cannot land in a later task's body:
     *  - stop() sets STOPPING in the same critical section as the read and the interrupt, so every
     *    take() that acquires the lock afterwards returns null; no task starts after the interrupt.
     *  - a task taken before stop() locked has set `current` under the lock, so stop() sees it
     *    (never a stale null while a task is about to run).
     *  - stop() may see a stale non-null `current` whose task has just finished (taskDone()'s
     *    write need not be ordered before stop()'s read). The interrupt then lands after that
     *    task: either before the loop's Thread.interrupted() that follows every task, which
     *    clears it, or later, so that it is pending when take() locks; take() then returns null
     *    (the state is STOPPING, checked before any await), end() and the loop's own terminate()
     *    wait on nothing interruptibly, and the loop clears it before running the cleanups.
     */

    // The states, in order (int constants rather than an enum: one class fewer to load and
    // initialise when a process starts its first loop; benchmarks/RESULTS.md, row 5).
    private static final int ACCEPTING = 0;
    private static final int DRAINING = 1;
    private static final int STOPPING = 2;
    private static final int ENDED = 3;

    private final String loopName;
    private final ReferenceTerminableThread loopThread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<LoopFuture<?>> tasks = new ArrayDeque<>();
    /** ACCEPTING, DRAINING, STOPPING or ENDED; guarded by lock. */
    private int state = ACCEPTING;
    /*
     * Written only by the loop thread (take() under the lock, taskDone() without it); read by
     * stop() under the lock. Volatile so that stop() sees taskDone()'s clearing promptly; a stale
     * value is harmless (see Overview).
     */
    private volatile LoopFuture<?> current;

    LoopTaskQueue(String loopName, ReferenceTerminableThread loopThread) {
        this.loopName = loopName;
        this.loopThread = loopThread;
    }

    /**
     * Accepts a task, or rejects it (rule 5.3).
     *
     * @param task the task
     * @throws RejectedExecutionException naming the loop, if it no longer accepts work
     */
    void offer(LoopFuture<?> task) {
        lock.lock();
        try {
            checkAcceptingLocked(); // not checkAccepting(): re-entering the lock costs a failed CAS per task (RESULTS.md, row 3)
            tasks.addLast(task);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Throws if the loop no longer accepts work.
     *
     * @throws RejectedExecutionException naming the loop and the reason
     */
    void checkAccepting() {
        lock.lock();
        try {
            checkAcceptingLocked();
        } finally {
            lock.unlock();
        }
    }

    /** {@link #checkAccepting()} with the lock already held. */
    private void checkAcceptingLocked() {
        if (loopThread.isTerminationRequested()) {
            throw rejected("its termination has been requested");
        }
        if (state != ACCEPTING) {
            throw rejected(state == DRAINING ? "it has been shut down" : "it has terminated");
        }
    }

    /**
     * Creates the exception for work refused by this loop.
     *
     * @param reason why
     * @return the exception
     */
    RejectedExecutionException rejected(String reason) {
        return new RejectedExecutionException("background loop '" + loopName + "' does not accept new work: " + reason);
    }

    boolean isAccepting() {
        lock.lock();
        try {
            return state == ACCEPTING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next task (loop thread only).
     *
     * @return the next task, or {@code null} when the loop must stop
     */
    LoopFuture<?> take() {
        lock.lock();
        try {
            while (true) {
                if (state == STOPPING || state == ENDED) {
                    return null;
                }
                LoopFuture<?> next = tasks.pollFirst();
                if (next != null) {
                    current = next;
                    return next;
                }
                if (state == DRAINING) {
                    return null;
                }
                try {
                    changed.await();
                } catch (InterruptedException stray) {
                    // e.g. a late cancel(true) of a finished call(); the state decides, not the interrupt
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The task returned by the last {@link #take()} has finished (loop thread only). Takes no
     * lock; the caller must clear a stray interrupt afterwards (see Overview).
     */
    void taskDone() {
        current = null; // volatile write; stop() may still see the old task, which is harmless
    }

    /** ExecutorService.shutdown(): reject new work, finish queued work. */
    void beginDraining() {
        lock.lock();
        try {
            if (state == ACCEPTING) {
                state = DRAINING;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the loop: queued tasks are removed and cancelled, and the running task, if any, is
     * interrupted (rule 5.7).
     *
     * @param loopThread the loop's thread, to interrupt
     * @return the tasks that never ran, already cancelled
     */
    List<LoopFuture<?>> stop(Thread loopThread) {
        return stop(loopThread, true);
    }

    /**
     * Stops the loop: queued tasks are removed, and cancelled if {@code cancel}, and the running
     * task, if any, is interrupted (rules 5.7 and 5.10).
     *
     * @param loopThread the loop's thread, to interrupt
     * @param cancel whether to cancel the removed tasks ({@code false} for shutdownNow(), whose
     *     caller receives them to run or cancel, rule 5.10)
     * @return the tasks that never ran, in acceptance order
     */
    List<LoopFuture<?>> stop(Thread loopThread, boolean cancel) {
        List<LoopFuture<?>> removed;
        lock.lock();
        try {
            if (state == ENDED) {
                return List.of();
            }
            state = STOPPING;
            removed = drain(cancel);
            if (current != null) {
                loopThread.interrupt();
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
        return removed;
    }

    /**
     * The loop thread leaves its loop: no more work is accepted, and anything still queued is
     * cancelled (loop thread only).
     */
    void end() {
        lock.lock();
        try {
            state = ENDED;
            drain(true);
        } finally {
            lock.unlock();
        }
    }

    /*
     * Cancels every queued task while the lock is held. Cancelling after unlocking let the loop
     * thread pass end() and report isTerminated() while a future removed by a concurrent stop()
     * was still pending (rule 5.2: no future is pending once the loop has terminated). Holding the
     * lock is safe: FutureTask.cancel(false) only completes the future and unparks its waiters; it
     * runs no task code.
     */
    private List<LoopFuture<?>> drain(boolean cancel) {
        List<LoopFuture<?>> removed = new ArrayList<>(tasks);
        tasks.clear();
        if (cancel) {
            for (LoopFuture<?> f : removed) {
                f.cancel(false);
            }
        }
        return removed;
    }
}
