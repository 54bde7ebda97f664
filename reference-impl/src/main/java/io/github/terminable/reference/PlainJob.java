package io.github.terminable.reference;

import java.time.Duration;

/**
 * A {@link TerminatorJob} made of a plain action (see {@link TerminatorJob#of}). Only ever created
 * through {@link #create}, whose declared type is {@code TerminatorJob}: so verifying a class that
 * makes one does not load this class, which the exit path of a process never needs
 * (benchmarks/RESULTS.md, row 5).
 *
 * <p><b>Thread-safety.</b> As {@link TerminatorJob}.
 */
final class PlainJob extends TerminatorJob {

    private final String description;
    private final Runnable action;
    private final Runnable onOverrun;

    private PlainJob(String description, Runnable action, Runnable onOverrun) {
        this.description = description;
        this.action = action;
        this.onOverrun = onOverrun;
    }

    /**
     * Creates the job; see {@link TerminatorJob#of}.
     *
     * @param description what the action is, for the diagnostic
     * @param action the action
     * @param onOverrun what to do in its stead if it overruns, or {@code null}
     * @return the job
     */
    static TerminatorJob create(String description, Runnable action, Runnable onOverrun) {
        return new PlainJob(description, action, onOverrun);
    }

    @Override
    void run() {
        action.run();
    }

    @Override
    TerminatorJob overran(Duration bound) {
        return overrunReport(description, bound, onOverrun);
    }

    @Override
    public String toString() {
        return description;
    }
}
