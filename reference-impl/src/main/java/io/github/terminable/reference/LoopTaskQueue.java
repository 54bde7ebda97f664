package io.github.terminable.reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The task queue and lifecycle of one background loop (rules 5.1 to 5.3 and 5.7).
 *
 * <p><b>Thread-safety.</b> Safe from any thread; all state is guarded by one lock, which is never
 * held while a task runs. {@link #take()}, {@link #taskDone()} and {@link #end()} are called only
 * by the loop thread.
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
     * has returned (rule 5.2). `current` is the
     * running task; stop() interrupts the loop thread only while one runs, under the lock, so the
     * interrupt cannot land in a later task's body.
     */
    enum State { ACCEPTING, DRAINING, STOPPING, ENDED }

    private final String loopName;
    private final BooleanSupplier terminationRequested;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<LoopFuture<?>> tasks = new ArrayDeque<>();
    private State state = State.ACCEPTING;
    private LoopFuture<?> current;

    LoopTaskQueue(String loopName, BooleanSupplier terminationRequested) {
        this.loopName = loopName;
        this.terminationRequested = terminationRequested;
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
            checkAccepting();
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
            if (terminationRequested.getAsBoolean()) {
                throw rejected("its termination has been requested");
            }
            if (state != State.ACCEPTING) {
                throw rejected(state == State.DRAINING ? "it has been shut down" : "it has terminated");
            }
        } finally {
            lock.unlock();
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
            return state == State.ACCEPTING;
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
                if (state == State.STOPPING || state == State.ENDED) {
                    return null;
                }
                LoopFuture<?> next = tasks.pollFirst();
                if (next != null) {
                    current = next;
                    return next;
                }
                if (state == State.DRAINING) {
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

    /** The task returned by the last {@link #take()} has finished (loop thread only). */
    void taskDone() {
        lock.lock();
        try {
            current = null;
        } finally {
            lock.unlock();
        }
    }

    /** ExecutorService.shutdown(): reject new work, finish queued work. */
    void beginDraining() {
        lock.lock();
        try {
            if (state == State.ACCEPTING) {
                state = State.DRAINING;
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
        List<LoopFuture<?>> removed;
        lock.lock();
        try {
            if (state == State.ENDED) {
                return List.of();
            }
            state = State.STOPPING;
            removed = drainAndCancel();
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
            state = State.ENDED;
            drainAndCancel();
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
    private List<LoopFuture<?>> drainAndCancel() {
        List<LoopFuture<?>> removed = new ArrayList<>(tasks);
        tasks.clear();
        for (LoopFuture<?> f : removed) {
            f.cancel(false);
        }
        return removed;
    }
}
