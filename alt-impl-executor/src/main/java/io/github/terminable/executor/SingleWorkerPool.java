package io.github.terminable.executor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor behind one background loop: a {@link ThreadPoolExecutor} with exactly one
 * worker, whose thread is the loop's terminable thread ({@link PrebuiltThreadFactory},
 * {@link PooledThread}), and an unbounded FIFO queue of tasks. (Plain terminable threads have no
 * pool: see {@link FutureTaskThread}.)
 *
 * <p><b>Overview.</b> The loop submits a start marker and keeps the pool open; tasks are queued
 * behind it and run in order (rule 5.1); the loop's termination is {@link #shutdownNow()}, which
 * interrupts the running task and hands back the queued ones for cancelling (rule 5.7).
 *
 * <p>{@link ThreadPoolExecutor} clears a worker's interrupt status before each task unless the
 * pool is stopping. An interrupt delivered between {@code Thread.start()} and the first task
 * would therefore be lost. {@link #awaitFirstTask()} closes that window: termination callbacks
 * wait for it, so they act on a body that is already running (rules 1.4 and 1.7).
 *
 * <p><b>Thread-safety.</b> As {@link ThreadPoolExecutor}. The first-task latch is released once;
 * its release <i>happens-before</i> every return from {@link #awaitFirstTask()}.
 */
final class SingleWorkerPool extends ThreadPoolExecutor {

    private final CountDownLatch firstTask = new CountDownLatch(1);

    /**
     * Creates the pool; no thread is started until the first task.
     *
     * @param factory the factory holding the pre-built loop thread
     * @param plan names the loop in rejections
     */
    SingleWorkerPool(PrebuiltThreadFactory factory, WorkerPlan plan) {
        super(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory,
                (task, pool) -> {
                    throw new RejectedExecutionException(plan.rejectionMessage());
                });
    }

    @Override
    protected void beforeExecute(Thread worker, Runnable task) {
        // Runs after the pool's interrupt-clearing step and right before the task.
        firstTask.countDown();
    }

    /**
     * Waits until the worker is about to run its first task, or {@link #releaseWaiters()} was
     * called because it never will.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void awaitFirstTask() throws InterruptedException {
        firstTask.await();
    }

    /** Releases the waiters of {@link #awaitFirstTask()} when the worker could not be started. */
    void releaseWaiters() {
        firstTask.countDown();
    }
}
