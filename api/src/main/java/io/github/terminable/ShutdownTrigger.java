package io.github.terminable;

/**
 * What began a coordinator's shutdown (rules 4.2 to 4.7).
 */
public enum ShutdownTrigger {
    /** {@code main} has ended and only terminable threads keep the JVM alive (rules 4.2 to 4.4). */
    QUIESCENCE,
    /** The JVM is exiting: {@code System.exit}, a signal, or the end of an interactive session (rules 4.6 to 4.10). */
    JVM_EXIT,
    /** A call to {@link TerminationCoordinator#shutdown()}. */
    EXPLICIT
}
