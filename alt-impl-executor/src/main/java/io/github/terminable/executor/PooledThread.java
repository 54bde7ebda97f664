package io.github.terminable.executor;

import io.github.terminable.TerminationCallback;

import java.util.concurrent.TimeUnit;

/**
 * The terminable thread of a background loop (section 5): a platform thread that runs its
 * {@link ExecutorLoop}'s tasks from its {@link LoopQueue} and then its cleanups.
 *
 * <p><b>Overview.</b> The {@link Thread} is built up front, with this object as its target, so
 * {@link io.github.terminable.TerminableThread#thread()} returns the real thread from the moment
 * the terminable thread exists; {@link #start()} starts it. When the loop's work returns, the
 * thread runs the loop's exit work ({@link ExecutorLoop#afterWorkerExit}: the deferred cleanups) and
 * then ends on the thread itself: ENDED and deregistration first, then {@link #ended} and its
 * waiters, then the owner tracking and the last-thread hold.
 *
 * <p>A loop's callback is always the loop's own termination ({@link ExecutorLoop}), which never
 * depends on the interrupt reaching the thread: it closes and drains the loop's queue, so a
 * thread that has not yet begun its loop, or is between tasks, finds the end of the queue and
 * leaves without running a task, while one running a task is interrupted. So the callback only
 * has to wait until {@code Thread.start()} was called (rule 1.1), as for a plain thread, and not
 * until the loop is running.
 *
 * <p><b>Thread-safety.</b> As {@link ExecutorThread}. <b>Memory consistency:</b> the write of
 * {@link #ended} and every read of it that returns {@code true} are made under the same monitor,
 * so the thread's actions <i>happen-before</i> a successful wait.
 */
final class PooledThread extends ExecutorThread implements Runnable {

    /**
     * What the thread runs: a concrete class, not an interface, so one class fewer is loaded on
     * the exit path (benchmarks/RESULTS.md, "Row 5 — whole-process exit").
     */
    private final ExecutorLoop loop;
    private final Thread thread;
    /**
     * The monitor that guards {@link #ended} and on which {@link #awaitEnded} waits: an internal
     * object, because this handle and its thread are the application's, which may synchronize on
     * them.
     */
    private final Object endLock = new Object();
    /** Whether the thread has ended ({@link #end()} ran); guarded by {@link #endLock}. */
    private boolean ended;

    /**
     * Creates a thread in state NEW; its thread is a non-daemon platform thread (rule 1.9).
     *
     * @param coordinator the coordinator it registers with on start
     * @param name its name
     * @param callback its termination callback
     * @param loop the loop, whose {@link ExecutorLoop#runWorker} and then
     *     {@link ExecutorLoop#afterWorkerExit} its thread runs
     * @param owner its owner, or {@code null} if it has none
     * @param awaitedInTurn whether its terminate-phase turn waits for it to end (rule 3.11)
     */
    PooledThread(ExecutorCoordinator coordinator, String name, TerminationCallback callback, ExecutorLoop loop,
                 OwnerReference owner, boolean awaitedInTurn) {
        super(coordinator, name, callback, owner, awaitedInTurn);
        this.loop = loop;
        this.thread = ExecutorThread.newUnderlyingThread(this, name, false, this);
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    void launchFailed() {
        end();
    }

    @Override
    boolean awaitEnded(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(); // as the latch this replaces: checked first
        }
        if (nanos <= 0) {
            synchronized (endLock) {
                return ended;
            }
        }
        long end = System.nanoTime() + nanos;
        synchronized (endLock) {
            while (!ended) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(endLock, left);
            }
            return true;
        }
    }

    /** The thread's body: runs on {@link #thread} only; see the class overview. */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("runs only as the loop thread's target");
        }
        try {
            loop.runWorker();
        } finally {
            try {
                loop.afterWorkerExit();
            } finally {
                end();
            }
        }
    }

    private void end() {
        ExecutorCoordinator.AfterEnd next = bodyEnded();
        synchronized (endLock) { // after deregistration: join() returning true means forgotten too
            ended = true;
            endLock.notifyAll();
        }
        afterEnded(next);
    }
}
