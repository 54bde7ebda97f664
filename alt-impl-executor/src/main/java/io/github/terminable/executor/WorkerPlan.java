package io.github.terminable.executor;

/**
 * What the single worker of a {@link PooledThread} does: the background loop's part (tasks until
 * terminated, then cleanup actions), implemented by {@link ExecutorLoop}.
 *
 * <p>{@link #afterWorkerExit} is called by {@link PooledThread} at most once.
 */
interface WorkerPlan {

    /**
     * Runs on the loop thread itself, after its worker loop has returned and before the thread
     * is marked ended. Must not throw.
     */
    void afterWorkerExit();

    /**
     * Returns the message of the {@link java.util.concurrent.RejectedExecutionException} the
     * pool throws once it no longer accepts work; it names the thread or loop (rule 5.3).
     *
     * @return the message
     */
    String rejectionMessage();
}
