package io.github.terminable.tck.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects failures that happen on threads other than the test's own, so that they fail the
 * test instead of vanishing into a log.
 *
 * <p>Thread-safe: {@link #add} may be called from any thread.
 */
public final class ErrorCollector {

    private final List<Throwable> errors = new ArrayList<>();

    /**
     * Records a failure seen on another thread.
     *
     * @param where which thread or action it happened in
     * @param error the failure
     */
    public void add(String where, Throwable error) {
        AssertionError wrapped = new AssertionError("failure on another thread (" + where + "): " + error, error);
        synchronized (errors) {
            errors.add(wrapped);
        }
    }

    /**
     * Returns a snapshot of the recorded failures.
     *
     * @return the failures, in the order they were recorded
     */
    public List<Throwable> snapshot() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /**
     * Runs {@code action}, recording anything it throws.
     *
     * @param where a label for the failure message
     * @param action what to run
     */
    public void guard(String where, ThrowingRunnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            add(where, t);
        }
    }

    /** An action that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /**
         * Runs the action.
         *
         * @throws Throwable anything
         */
        void run() throws Throwable;
    }

    /**
     * Returns an assertion error summarising every failure, or {@code null} if there were none.
     *
     * @return the summary error with each failure attached as suppressed, or null
     */
    AssertionError summary() {
        List<Throwable> all = snapshot();
        if (all.isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder(all.size() + " failure(s) on other threads:");
        for (Throwable t : all) {
            message.append(System.lineSeparator()).append("  - ").append(t.getMessage());
        }
        AssertionError summary = new AssertionError(message.toString());
        all.forEach(summary::addSuppressed);
        return summary;
    }
}
