package io.github.terminable;

/**
 * What code running on a {@link BackgroundLoop} sees of it: the background side, kept apart
 * from the foreground handle (section 5).
 *
 * <p><b>Thread-safety.</b> Every method must be called on the loop thread; from any other
 * thread it throws {@link IllegalStateException} (rule 5.6). Confined to one thread, it needs
 * no synchronization.
 */
public interface LoopContext {

    /**
     * Registers a cleanup action to run when the loop terminates: once, after the last task, on
     * the loop thread, in LIFO order with the other actions (rule 5.5). An action that throws is
     * reported and does not prevent the others.
     *
     * @param action the cleanup action
     * @throws NullPointerException if {@code action} is null
     * @throws IllegalStateException if called outside the loop thread (rule 5.6), or after the
     *     cleanup actions have started running
     */
    void deferCleanup(AutoCloseable action);

    /**
     * Returns whether the loop has been asked to terminate; a long task can poll this.
     *
     * @return {@code true} once termination has been requested
     * @throws IllegalStateException if called outside the loop thread (rule 5.6)
     */
    boolean isTerminationRequested();

    /**
     * Returns the loop's name, the same as {@code thread().name()} of its foreground handle.
     *
     * @return the name of the loop's thread
     * @throws IllegalStateException if called outside the loop thread (rule 5.6)
     */
    String name();
}
