package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;

import java.time.Duration;

/**
 * A step of a coordinator's shutdown that runs on its phase terminator between the turns: the
 * announcement {@code OPEN -> TERMINATING}, the end of the callback sequence, and the finish
 * ({@code TERMINATING -> TERMINATED}, then completion). See the overview in
 * {@link ReferenceCoordinator}.
 *
 * <p>A step knows the coordinator's name, its {@link Reporter} and its {@link Facts} (the two
 * things a step records), not the coordinator itself.
 *
 * <p>One small class for the three steps rather than a lambda each: the lambdas would spin hidden
 * classes on the exit path of every process (benchmarks/RESULTS.md, row 5). The description is
 * only built when it is needed, for a diagnostic.
 *
 * <p><b>Thread-safety.</b> As {@link TerminatorJob}: run once, on the phase terminator.
 */
final class PhaseStep extends TerminatorJob {

    /**
     * What the steps record on the coordinator whose shutdown they belong to: the completion
     * facts of rule 3.7 (see the overview in {@link ReferenceCoordinator}).
     */
    interface Facts {
        /** Records the first completion fact: every turn has ended. */
        void sequenceDone();

        /**
         * Writes TERMINATED, tells the listeners and completes {@code c}.
         *
         * @param c the shutdown
         */
        void finish(ReferenceShutdownCompletion c);
    }

    /** Tells JFR and the listeners {@code OPEN -> TERMINATING} (rule 8.2). */
    static final int ANNOUNCE_TERMINATING = 0;
    /** Records that every turn has ended (the first completion fact). */
    static final int SEQUENCE_DONE = 1;
    /** Writes TERMINATED, tells the listeners and completes the handle (rule 3.7). */
    static final int FINISH = 2;

    private final String coordinatorName;
    private final Reporter reporter;
    private final Facts facts;
    private final int step;
    private final ReferenceShutdownCompletion completion;

    /**
     * Creates a step.
     *
     * @param coordinatorName the name of the coordinator shutting down, for the diagnostic
     * @param reporter its reporter, which announces the phase change
     * @param facts what the step records on it
     * @param step {@link #ANNOUNCE_TERMINATING}, {@link #SEQUENCE_DONE} or {@link #FINISH}
     * @param completion the shutdown's handle
     */
    PhaseStep(String coordinatorName, Reporter reporter, Facts facts, int step, ReferenceShutdownCompletion completion) {
        this.coordinatorName = coordinatorName;
        this.reporter = reporter;
        this.facts = facts;
        this.step = step;
        this.completion = completion;
    }

    @Override
    void run() {
        switch (step) {
            case ANNOUNCE_TERMINATING -> reporter.phaseChanged(CoordinatorPhase.OPEN, CoordinatorPhase.TERMINATING,
                    completion);
            case SEQUENCE_DONE -> facts.sequenceDone();
            default -> facts.finish(completion);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reports that the step blocked (a listener), then does in its stead what completion
     * needs: the end of the sequence is recorded, or the handle is completed.
     */
    @Override
    TerminatorJob overran(Duration bound) {
        Runnable instead = switch (step) {
            case ANNOUNCE_TERMINATING -> null;
            case SEQUENCE_DONE -> facts::sequenceDone;
            default -> completion::complete;
        };
        return overrunReport(toString(), bound, instead);
    }

    @Override
    public String toString() {
        return switch (step) {
            case ANNOUNCE_TERMINATING -> "phase announcement OPEN -> TERMINATING of '" + coordinatorName + "'";
            case SEQUENCE_DONE -> "end of the callback sequence of '" + coordinatorName + "'";
            default -> "phase announcement TERMINATING -> TERMINATED of '" + coordinatorName + "'";
        };
    }
}
