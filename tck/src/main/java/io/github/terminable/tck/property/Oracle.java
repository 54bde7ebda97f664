package io.github.terminable.tck.property;

/**
 * The frame of every oracle: it judges one scenario run from what the driver saw, and writes each
 * violated invariant into an {@link Outcome}. An oracle only reads the scenario and its
 * observations: no threads, no waiting, no calls into the implementation.
 *
 * <p>{@link #judge()} writes violations in one order for every kind of scenario: first whether
 * the scenario ended ({@link #checkEnd}), then the helpers that did not return (no deadlock), then
 * the invariants of the scenario's rules ({@link #checkInvariants}), and last the driver's own
 * faults. A reader of a failure sees the most basic problem first.
 *
 * <p>Not thread-safe: one oracle judges one run, on one thread.
 *
 * @param <S> the kind of scenario
 * @param <O> what its driver observes
 */
abstract class Oracle<S, O extends Observations> {

    /** The scenario that was driven. */
    final S scenario;
    /** What the driver saw. */
    final O seen;
    /** Where the violations go. */
    final Outcome outcome = new Outcome();

    Oracle(S scenario, O seen) {
        this.scenario = scenario;
        this.seen = seen;
    }

    /**
     * Judges the run.
     *
     * @return the violations found, if any
     */
    final Outcome judge() {
        checkEnd();
        for (StuckHelper h : seen.stuckHelpers()) {
            outcome.violation("no deadlock: " + h.name() + " did not return; it is at " + h.topFrames());
        }
        checkInvariants();
        seen.faults().forEach(outcome::violation);
        return outcome;
    }

    /** Whether the scenario ended: the loop terminated, or the shutdown completed, in time. */
    abstract void checkEnd();

    /** Every invariant of the rules the scenario exercises. */
    abstract void checkInvariants();
}
