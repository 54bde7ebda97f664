package io.github.terminable.executor;

/**
 * What a terminable thread's single worker does: the part that differs between a plain
 * terminable thread (one body, then the worker ends) and a background loop (tasks until
 * terminated, then cleanup actions).
 *
 * <p>Both methods are called by {@link ExecutorThread}, each at most once.
 */
interface WorkerPlan {

    /**
     * Gives the pool its first work, which makes the pool create and start its one worker
     * thread. Called on the thread that called {@code start()}, after registration.
     *
     * @param pool the thread's pool, which has no worker yet
     */
    void launch(SingleWorkerPool pool);

    /**
     * Runs on the terminable thread itself, after its worker loop has returned and before the
     * thread is marked ended. Must not throw.
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
