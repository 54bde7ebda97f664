package io.github.terminable.executor;

/**
 * What the thread of a {@link PooledThread} does: the background loop's part (tasks until the
 * loop ends, then cleanup actions), implemented by {@link ExecutorLoop}.
 *
 * <p>{@link PooledThread} calls {@link #runWorker} and then {@link #afterWorkerExit} on the loop
 * thread itself, once each.
 */
interface WorkerPlan {

    /** Runs the loop's tasks until the loop ends; runs on the loop thread. */
    void runWorker();

    /**
     * Runs on the loop thread itself, after {@link #runWorker} has returned or thrown and before
     * the thread is marked ended. Must not throw.
     */
    void afterWorkerExit();
}
