package io.github.terminable.executor;

import io.github.terminable.TerminationCallback;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The terminable thread of a background loop: its {@link Thread} is the single worker of the
 * loop's own {@link ThreadPoolExecutor} (section 5), with an unbounded FIFO queue of tasks.
 *
 * <p><b>Overview.</b> The thread is built up front by a {@link PrebuiltThreadFactory} and handed
 * to the pool by {@link ThreadPoolExecutor#prestartCoreThread()} when the loop starts; the worker
 * then waits for tasks. When the worker's loop returns, the trampoline runs the plan's exit work
 * ({@link WorkerPlan#afterWorkerExit}: the deferred cleanups) and then ends the thread on the
 * thread itself: ENDED and deregistration first, then {@link #ended} and its waiters, then the
 * owner tracking and the last-thread hold.
 *
 * <p>A loop's callback is always the loop's own termination, {@code shutdownNow()} on the pool
 * ({@link ExecutorLoop}), which never depends on the interrupt reaching the worker: it moves the
 * pool to {@code STOP}, and a worker that has not yet begun its loop, or is between tasks, sees
 * {@code STOP} and exits without taking a task, while one running a task is interrupted (and
 * {@code ThreadPoolExecutor} re-asserts the interrupt before each task once stopping). So the
 * callback only has to wait until {@code Thread.start()} was called (rule 1.1), as for a plain
 * thread, and not until the worker is running.
 *
 * <p><b>Thread-safety.</b> As {@link ExecutorThread}. <b>Memory consistency:</b> the write of
 * {@link #ended} and every read of it that returns {@code true} are made under the same monitor,
 * so the thread's actions <i>happen-before</i> a successful wait.
 */
final class PooledThread extends ExecutorThread {

    private final WorkerPlan plan;
    private final PrebuiltThreadFactory factory;
    private final ThreadPoolExecutor pool;
    /**
     * Whether the thread has ended ({@link #end()} ran); guarded by the monitor of
     * {@link #factory}, an internal object (this handle is the application's, which may
     * synchronize on it), on which {@link #awaitEnded} waits.
     */
    private boolean ended;

    /**
     * Creates a thread in state NEW; its worker thread is a non-daemon platform thread.
     *
     * @param coordinator the coordinator it registers with on start
     * @param name its name
     * @param callback its termination callback
     * @param plan what its worker does
     * @param owner its owner, or {@code null} if it has none
     * @param awaitedInTurn whether its terminate-phase turn waits for it to end (rule 3.11)
     */
    PooledThread(ExecutorCoordinator coordinator, String name, TerminationCallback callback, WorkerPlan plan,
                 OwnerReference owner, boolean awaitedInTurn) {
        super(coordinator, name, callback, owner, awaitedInTurn);
        this.plan = plan;
        this.factory = new PrebuiltThreadFactory(this, name, plan);
        this.pool = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory,
                factory);
    }

    @Override
    public Thread thread() {
        return factory.thread();
    }

    /** Returns the pool whose single worker is this thread. */
    ThreadPoolExecutor pool() {
        return pool;
    }

    @Override
    void launch() {
        if (!pool.prestartCoreThread()) {
            // Cannot happen (the pool is new and running, the factory has its thread): treated
            // as a thread that could not be started.
            throw new IllegalStateException("the worker of background loop '" + name() + "' could not be started");
        }
    }

    @Override
    void launchFailed() {
        end();
    }

    @Override
    void awaitRunning() {
        // Nothing to wait for once launched: see the class overview.
    }

    @Override
    boolean awaitEnded(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(); // as the latch this replaces: checked first
        }
        if (nanos <= 0) {
            synchronized (factory) {
                return ended;
            }
        }
        long end = System.nanoTime() + nanos;
        synchronized (factory) {
            while (!ended) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(factory, left);
            }
            return true;
        }
    }

    /**
     * The trampoline's exit action: runs on this thread after its worker returned or threw;
     * called by {@link PrebuiltThreadFactory} only.
     */
    void workerExited() {
        try {
            plan.afterWorkerExit();
        } finally {
            end();
        }
    }

    private void end() {
        ExecutorCoordinator.AfterEnd next = bodyEnded();
        synchronized (factory) { // after deregistration: join() returning true means forgotten too
            ended = true;
            factory.notifyAll();
        }
        afterEnded(next);
    }
}
