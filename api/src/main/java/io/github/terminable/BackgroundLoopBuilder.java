package io.github.terminable;

/**
 * Configures and starts {@link BackgroundLoop}s for one coordinator.
 *
 * <p><b>Thread-safety.</b> A builder is a mutable, single-threaded configuration object:
 * confine each instance to one thread. Setters validate at once and throw before changing
 * anything.
 */
public interface BackgroundLoopBuilder {

    /**
     * Sets the loop thread's name.
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    BackgroundLoopBuilder name(String name);

    /**
     * Ties the loop to an owner: once the owner becomes unreachable, the loop is terminated
     * (rule 2.6). Tasks and cleanup actions must not hold the owner strongly.
     *
     * @param owner the owner; held only weakly
     * @return this builder
     * @throws NullPointerException if {@code owner} is null
     */
    BackgroundLoopBuilder owner(Object owner);

    /**
     * Chooses whether the loop's turn in the terminate phase waits for the loop to end, that is
     * for its last task and every deferred cleanup (rules 3.2 and 3.11). The default is
     * {@code true}; see {@link TerminableThreadBuilder#awaitedInTurn(boolean)}.
     *
     * @param awaited whether the turn waits for the loop to end
     * @return this builder
     */
    BackgroundLoopBuilder awaitedInTurn(boolean awaited);

    /**
     * Registers the loop with the coordinator and starts its thread (rules 1.1 and 5.7).
     *
     * @return the running loop
     * @throws ShutdownInProgressException if the coordinator's shutdown has begun (rule 2.3)
     */
    BackgroundLoop start();
}
