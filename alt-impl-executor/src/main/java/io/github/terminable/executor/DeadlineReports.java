package io.github.terminable.executor;

import io.github.terminable.ShutdownReport;

/**
 * Reports a shutdown of the JVM-wide coordinator that missed its deadline, on the JVM-exit path
 * (rule 4.8) and on the quiescence path (rule 4.12), in the same format.
 *
 * <p><b>Overview.</b> The {@code TERMINABLE-DEADLINE} line and {@link ShutdownReport#describe()}
 * are printed first, so the report exists even if a listener blocks; then the JFR event; then
 * the listeners are told {@code deadlineMissed} on an implementation-owned daemon thread, and the
 * caller (hook or watcher) waits for that delivery at most {@link #LISTENER_WAIT_MILLIS}.
 *
 * <p><b>Thread-safety.</b> Stateless.
 */
final class DeadlineReports {

    /** How long the hook or the watcher waits for the {@code deadlineMissed} listeners (rule 4.8). */
    static final long LISTENER_WAIT_MILLIS = 1000;

    private DeadlineReports() {
    }

    /**
     * Prints the report, then tells the listeners with a bounded wait.
     *
     * @param coordinator the coordinator whose shutdown missed its deadline
     * @param report its incomplete report
     * @param what the first line's message after the code
     */
    static void report(ExecutorCoordinator coordinator, ShutdownReport report, String what) {
        Diagnostics.report(Diagnostics.DEADLINE, what + System.lineSeparator() + report.describe(), null);
        coordinator.listeners().deadlineMissedBounded(report, LISTENER_WAIT_MILLIS);
    }

    /**
     * Waits for the shutdown until {@code deadlineNanos} (a {@link System#nanoTime()} value);
     * interrupts do not cut the wait short and are restored afterwards.
     *
     * @param run the shutdown
     * @param deadlineNanos when to stop waiting
     * @return whether it completed
     */
    static boolean awaitUntil(ShutdownRun run, long deadlineNanos) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return run.awaitDone(deadlineNanos - System.nanoTime());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
