package io.github.terminable;

/**
 * A task for a {@link BackgroundLoop} that needs the loop's {@link LoopContext}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface LoopTask<T> {

    /**
     * Runs on the loop thread.
     *
     * @param context the loop's background context, valid on the loop thread only
     * @return the result
     * @throws Exception any failure, which completes the task's future exceptionally
     */
    T run(LoopContext context) throws Exception;
}
