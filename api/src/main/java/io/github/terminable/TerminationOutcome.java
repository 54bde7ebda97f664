package io.github.terminable;

/**
 * How one termination callback ended (rule 8.2).
 */
public enum TerminationOutcome {
    /** The callback returned normally. */
    COMPLETED,
    /** The callback threw an exception or error (rule 3.5). */
    FAILED,
    /** The callback did not return within the per-callback bound (rule 3.4). It may still be running. */
    OVERRAN
}
