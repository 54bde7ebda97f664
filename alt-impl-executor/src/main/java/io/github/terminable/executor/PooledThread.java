package io.github.terminable.executor;

import io.github.terminable.TerminationCallback;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The terminable thread of a background loop: its {@link Thread} is the single worker of the
 * loop's own {@link SingleWorkerPool} (section 5).
 *
 * <p><b>Overview.</b> The thread is built up front by a {@link PrebuiltThreadFactory} and handed
 * to the pool when the loop's plan gives the pool its first task ({@link WorkerPlan#launch}).
 * When the worker's loop returns, the trampoline runs the plan's exit work
 * ({@link WorkerPlan#afterWorkerExit}: the deferred cleanups) and then ends the thread on the
 * thread itself: ENDED and deregistration first, then the {@link #ended} latch, then the owner
 * tracking and the last-thread hold.
 *
 * <p>{@link java.util.concurrent.ThreadPoolExecutor} clears a worker's interrupt status before
 * its first task, so a callback waits for that task ({@link SingleWorkerPool#awaitFirstTask()})
 * before it interrupts (rule 1.1).
 *
 * <p><b>Thread-safety.</b> As {@link ExecutorThread}. <b>Memory consistency:</b> the release of
 * {@link #ended} <i>happens-before</i> every successful {@code await} on it.
 */
final class PooledThread extends ExecutorThread {

    private final WorkerPlan plan;
    private final PrebuiltThreadFactory factory;
    private final SingleWorkerPool pool;
    private final CountDownLatch ended = new CountDownLatch(1);

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
        this.factory = new PrebuiltThreadFactory(this, name, this::workerExited);
        this.pool = new SingleWorkerPool(factory, plan);
    }

    @Override
    public Thread thread() {
        return factory.thread();
    }

    /** Returns the pool whose single worker is this thread. */
    SingleWorkerPool pool() {
        return pool;
    }

    @Override
    void launch() {
        plan.launch(pool);
    }

    @Override
    void launchFailed() {
        pool.releaseWaiters();
        end();
    }

    @Override
    void awaitRunning() throws InterruptedException {
        pool.awaitFirstTask();
    }

    @Override
    boolean awaitEnded(long nanos) throws InterruptedException {
        return ended.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The trampoline's exit action: runs on this thread after its worker returned or threw. */
    private void workerExited() {
        try {
            plan.afterWorkerExit();
        } finally {
            end();
        }
    }

    private void end() {
        ExecutorCoordinator.AfterEnd next = bodyEnded();
        ended.countDown(); // after deregistration: join() returning true means forgotten too
        afterEnded(next);
    }
}
