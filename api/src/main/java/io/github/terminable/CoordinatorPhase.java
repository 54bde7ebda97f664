package io.github.terminable;

/**
 * The phase of a {@link TerminationCoordinator} (rule 3.10).
 *
 * <p>Phases only move forward: {@code OPEN -> TERMINATING -> TERMINATED}.
 */
public enum CoordinatorPhase {
    /** Registrations are accepted; no shutdown has been triggered. */
    OPEN,
    /** Shutdown has begun: callbacks are being invoked or threads awaited; registrations are rejected. */
    TERMINATING,
    /** Every registered thread has ended; the completion handle is complete. */
    TERMINATED
}
