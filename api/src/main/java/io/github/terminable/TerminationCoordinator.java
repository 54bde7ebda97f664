package io.github.terminable;

import java.util.List;

/**
 * Owns a set of terminable threads and terminates them when its shutdown is triggered: newest
 * first, each one's turn ending when it has ended or its bound has elapsed (rules 3.2 to 3.4).
 *
 * <p>There is one JVM-wide coordinator, {@link Terminables#global()}, whose shutdown is also
 * triggered by quiescence and by JVM exit (rules 4.1 to 4.13); and any number of independent
 * coordinators, {@link Terminables#newCoordinator(CoordinatorSettings)}, for containers,
 * plugins and tests, whose shutdown is triggered by {@link #shutdown()} (rule 2.5) or, once
 * {@linkplain #attach attached}, by the shutdown of their parent (rule 2.7).
 *
 * <p><b>Thread-safety.</b> Every method is thread-safe and may be called from a termination
 * callback without deadlock (rule 3.9).
 *
 * <p><b>Memory consistency.</b> Actions in a thread prior to a successful
 * {@link TerminableThread#start()} <i>happen-before</i> that thread appears in
 * {@link #liveThreads()}. Actions prior to {@link #shutdown()} <i>happen-before</i> every
 * callback that shutdown invokes.
 */
public interface TerminationCoordinator {

    /**
     * Returns this coordinator's name, used in thread names, diagnostics and events.
     *
     * @return the name; never {@code null}
     */
    String name();

    /**
     * Returns the settings this coordinator was created with.
     *
     * @return the settings; never {@code null}
     */
    CoordinatorSettings settings();

    /**
     * Returns a new builder for terminable threads registered with this coordinator.
     *
     * @return a new builder
     */
    TerminableThreadBuilder threadBuilder();

    /**
     * Returns a new builder for background loops registered with this coordinator (section 5).
     *
     * @return a new builder
     */
    BackgroundLoopBuilder loopBuilder();

    /**
     * Triggers shutdown, or joins the one already under way (rule 3.1). Non-blocking: it returns
     * at once; wait on the returned handle. Every call, from any thread, returns the same handle.
     *
     * @return this coordinator's one completion handle
     */
    ShutdownCompletion shutdown();

    /**
     * Attaches an independent coordinator to this one, as one unit at the current position of
     * this coordinator's registration order (rule 2.7). When this coordinator's shutdown reaches
     * that position, it begins the child's shutdown with its own trigger, and the turn ends when
     * the child's shutdown has completed or the child's
     * {@linkplain CoordinatorSettings#shutdownDeadline() shutdown deadline} has elapsed. A child
     * attached (directly or through other children) to the JVM-wide coordinator takes part in
     * the JVM's ordered exit: its threads do not keep the JVM alive after {@code main}
     * (rule 4.4). A child that shuts down on its own is forgotten by its parent, as an ended
     * thread is (rule 2.2).
     *
     * @param child an independent coordinator of the same implementation, in phase
     *     {@link CoordinatorPhase#OPEN}, not yet attached anywhere
     * @throws NullPointerException if {@code child} is null
     * @throws IllegalArgumentException if {@code child} is this coordinator, the JVM-wide
     *     coordinator, a coordinator of another implementation, or an ancestor of this one
     * @throws IllegalStateException if {@code child} is already attached or its shutdown has
     *     begun
     * @throws ShutdownInProgressException if this coordinator's shutdown has begun (rule 2.3)
     */
    void attach(TerminationCoordinator child);

    /**
     * Returns the current phase (rule 3.10).
     *
     * @return the phase; never {@code null}
     */
    CoordinatorPhase phase();

    /**
     * Returns a snapshot of the registered threads that have not yet ended, in registration
     * order (rules 2.1 and 2.2).
     *
     * @return an unmodifiable snapshot; never {@code null}
     */
    List<TerminableThread> liveThreads();

    /**
     * Adds a listener for phase changes, terminations, overruns and missed deadlines (section 8).
     * Listeners are called synchronously on implementation threads; a listener that throws is
     * reported on {@code System.err} and disturbs nothing else (rule 8.4). A listener is
     * registered at most once: adding one that is already added (by {@code equals}) has no effect,
     * so it is told each event once and one {@link #removeListener} call removes it (rule 8.1).
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    void addListener(TerminationListener listener);

    /**
     * Removes a listener added earlier; does nothing if it was not added.
     *
     * @param listener the listener
     * @return whether the listener had been added
     * @throws NullPointerException if {@code listener} is null
     */
    boolean removeListener(TerminationListener listener);
}
