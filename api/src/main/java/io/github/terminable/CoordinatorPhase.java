package io.github.terminable;

/**
 * The phase of a {@link TerminationCoordinator} (rule 3.10).
 *
 * <p>Phases only move forward: {@code OPEN -> TERMINATING -> TERMINATED}.
 */
public enum CoordinatorPhase {
    /** Registrations are accepted; no shutdown has been triggered. */
    OPEN,
    /** Shutdown has begun: turns are under way or threads awaited; registrations are rejected. */
    TERMINATING,
    /**
     * The shutdown has completed: every turn of the terminate phase is over and every thread
     * registered before the shutdown began has ended (rule 3.7). Listeners are told of this
     * phase before the completion handle reports done.
     */
    TERMINATED
}
