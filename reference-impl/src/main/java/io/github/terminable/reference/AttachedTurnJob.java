package io.github.terminable.reference;

import io.github.terminable.ShutdownTrigger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The turn of an attached coordinator in its parent's terminate phase (rule 2.7): begins the
 * child's shutdown with the parent's trigger, then waits for the child's completion, bounded by
 * the child's {@code shutdownDeadline} from the start of the turn. If the bound elapses first,
 * the parent reports the child as overrun ({@code overran(childName, bound)}, its name in the
 * parent's {@code overruns()}). The child's shutdown runs on the child's own terminators; this
 * job runs no user code. A child whose shutdown completed before its turn is skipped; one whose
 * own shutdown is under way is waited for with the same bound (as rule 3.6).
 *
 * <p>The job knows the child only as a {@link Child} (its name and bound are given apart), and
 * reports to the parent's {@link Reporter}; it calls neither coordinator back.
 *
 * <p><b>Thread-safety.</b> {@link #run()} on the parent's phase-terminator worker and
 * {@link #overran} on its watchdog may race at the deadline; {@code settled} decides which one
 * reports, once.
 */
final class AttachedTurnJob extends TerminatorJob {

    /** An attached coordinator, as its turn sees it. */
    interface Child {
        /**
         * Returns the child's shutdown if it has begun, else null.
         *
         * @return its completion handle, or null
         */
        ReferenceShutdownCompletion completion();

        /**
         * Begins the child's shutdown with {@code trigger}, or returns the one already begun.
         *
         * @param trigger the parent's trigger
         * @return the child's completion handle
         */
        ReferenceShutdownCompletion beginShutdown(ShutdownTrigger trigger);
    }

    private final Reporter parentReporter;
    private final Child child;
    private final String childName;
    /** The child's {@code shutdownDeadline}: the turn's bound. */
    private final Duration bound;
    private final ReferenceShutdownCompletion parentShutdown;
    private final AtomicBoolean settled = new AtomicBoolean();
    /**
     * {@inheritDoc}
     *
     * <p>True: this job only waits, bounded by its own deadline, and reports itself.
     */
    @Override
    boolean extendOnce() {
        return true;
    }

    private AttachedTurnJob(Reporter parentReporter, Child child, String childName, Duration bound,
                            ReferenceShutdownCompletion parentShutdown) {
        this.parentReporter = parentReporter;
        this.child = child;
        this.childName = childName;
        this.bound = bound;
        this.parentShutdown = parentShutdown;
    }

    /**
     * Creates the turn. Its declared type is {@code TerminatorJob}, so that verifying the
     * coordinator does not load this class: only a shutdown with an attached coordinator needs it
     * (benchmarks/RESULTS.md, row 5).
     *
     * @param parentReporter the reporter of the coordinator whose turn it is
     * @param child the attached coordinator
     * @param childName its name
     * @param bound its {@code shutdownDeadline}
     * @param parentShutdown the parent's shutdown
     * @return the turn
     */
    static TerminatorJob turn(Reporter parentReporter, Child child, String childName, Duration bound,
                              ReferenceShutdownCompletion parentShutdown) {
        return new AttachedTurnJob(parentReporter, child, childName, bound, parentShutdown);
    }

    @Override
    Duration bound(Duration terminatorBound) {
        return bound;
    }

    @Override
    void run() {
        ReferenceShutdownCompletion existing = child.completion();
        if (existing != null && existing.isDone()) {
            settled.set(true);
            return; // shut down on its own and already forgotten, or about to be
        }
        ReferenceShutdownCompletion childShutdown = child.beginShutdown(parentShutdown.trigger());
        boolean done = childShutdown.awaitDone(deadlineNanos);
        if (settled.compareAndSet(false, true) && !done) {
            parentReporter.turnOverran(childName, bound, parentShutdown);
        }
    }

    @Override
    TerminatorJob overran(Duration exceeded) {
        if (!settled.compareAndSet(false, true)) {
            return null;
        }
        ReferenceShutdownCompletion childShutdown = child.completion();
        if (childShutdown != null && childShutdown.isDone()) {
            return null;
        }
        return TerminatorJob.of("overrun report of attached coordinator '" + childName + "'",
                () -> parentReporter.turnOverran(childName, exceeded, parentShutdown), null);
    }

    @Override
    public String toString() {
        return "turn of attached coordinator '" + childName + "'";
    }
}
