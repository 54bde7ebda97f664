package io.github.terminable;

/**
 * Configures and creates {@link TerminableThread}s for one coordinator.
 *
 * <p><b>Thread-safety.</b> A builder is a mutable, single-threaded configuration object, like
 * {@link StringBuilder}: confine each instance to one thread. The threads it creates are fully
 * thread-safe. Every setter validates its argument at once, throws before changing anything,
 * and returns this builder.
 */
public interface TerminableThreadBuilder {

    /**
     * Sets the thread's name. The default is implementation-defined and unique per coordinator.
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    TerminableThreadBuilder name(String name);

    /**
     * Sets what happens when termination is requested. The default is
     * {@link TerminationCallback#interrupt()} (rule 1.7).
     *
     * @param callback the callback
     * @return this builder
     * @throws NullPointerException if {@code callback} is null
     */
    TerminableThreadBuilder onTerminate(TerminationCallback callback);

    /**
     * Ties the thread to an owner object: once the owner becomes unreachable, the thread is
     * terminated (rule 2.6). The thread's body and callback must not hold the owner strongly,
     * or it never becomes unreachable.
     *
     * @param owner the owner; held only weakly
     * @return this builder
     * @throws NullPointerException if {@code owner} is null
     */
    TerminableThreadBuilder owner(Object owner);

    /**
     * Asks for a virtual thread instead of a platform thread (rules 6.1 and 6.2). Virtual
     * threads are daemon threads.
     *
     * @param virtual whether to create a virtual thread
     * @return this builder
     * @throws UnsupportedOperationException if {@code virtual} is true and the runtime has no
     *     virtual threads (rule 6.2)
     */
    TerminableThreadBuilder virtual(boolean virtual);

    /**
     * Chooses whether this thread's turn in the terminate phase waits for the thread to end
     * (rules 3.2 and 3.11). With {@code true}, the default, shutdown is ordered by
     * <em>completion</em>: the callback of an earlier-registered thread starts only once this
     * thread has ended or its turn's bound has elapsed. With {@code false} the turn ends as soon
     * as the callback returns, and the thread finishes whenever it does; use it for threads that
     * no earlier-registered thread depends on.
     *
     * @param awaited whether the turn waits for the thread to end
     * @return this builder
     */
    TerminableThreadBuilder awaitedInTurn(boolean awaited);

    /**
     * Creates a thread that is not yet started or registered.
     *
     * @param body what the thread runs
     * @return a thread in state {@link ThreadState#NEW}
     * @throws NullPointerException if {@code body} is null
     */
    TerminableThread unstarted(Runnable body);

    /**
     * Creates a thread and {@linkplain TerminableThread#start() starts} it.
     *
     * @param body what the thread runs
     * @return the started thread
     * @throws NullPointerException if {@code body} is null
     * @throws ShutdownInProgressException if the coordinator's shutdown has begun (rule 2.3)
     */
    TerminableThread start(Runnable body);
}
