package io.github.terminable;

import java.time.Duration;

/**
 * Observes a coordinator (section 8). Every method has an empty default, so a listener
 * overrides only what it needs.
 *
 * <p><b>Threading.</b> Methods are called synchronously on implementation-owned threads,
 * except {@link #deadlineMissed}, which may be called on the thread that awaited the
 * {@link ShutdownCompletion}; calls may be concurrent with each other, so implementations must be
 * thread-safe and quick. A
 * listener that throws is reported on {@code System.err} and disturbs neither the shutdown nor
 * other listeners (rule 8.4).
 */
public interface TerminationListener {

    /**
     * The coordinator moved from one phase to the next (rule 8.1).
     *
     * @param from the previous phase
     * @param to the new phase
     * @param trigger what began the shutdown
     */
    default void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
    }

    /**
     * A termination callback returned, threw or overran (rules 8.2 and 3.5). In the terminate
     * phase the record of a turn is delivered before the next turn starts.
     *
     * @param record what happened
     */
    default void terminated(TerminationRecord record) {
    }

    /**
     * A callback, or in the terminate phase a thread's whole turn (its callback and the wait for
     * it to end), did not finish within its bound; the next turn is starting (rules 3.4 and
     * 8.3).
     *
     * @param threadName the thread (or attached coordinator, rule 2.7) that overran
     * @param bound the bound it exceeded
     */
    default void overran(String threadName, Duration bound) {
    }

    /**
     * A shutdown was awaited with a deadline that passed before every thread ended (rules 3.8
     * and 8.3), including by the JVM shutdown hook (rule 4.8) and by the quiescence watcher
     * (rule 4.12).
     *
     * @param report the report naming the unfinished threads
     */
    default void deadlineMissed(ShutdownReport report) {
    }
}
