package io.github.terminable.reference;

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
 * <p><b>Thread-safety.</b> {@link #run()} on the parent's phase-terminator worker and
 * {@link #overran} on its watchdog may race at the deadline; {@code settled} decides which one
 * reports, once.
 */
final class AttachedTurnJob extends TerminatorJob {

    private final ReferenceCoordinator parent;
    private final ReferenceCoordinator child;
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

    private AttachedTurnJob(ReferenceCoordinator parent, ReferenceCoordinator child,
                            ReferenceShutdownCompletion parentShutdown) {
        this.parent = parent;
        this.child = child;
        this.parentShutdown = parentShutdown;
    }

    /**
     * Creates the turn. Its declared type is {@code TerminatorJob}, so that verifying the
     * coordinator does not load this class: only a shutdown with an attached coordinator needs it
     * (benchmarks/RESULTS.md, row 5).
     *
     * @param parent the coordinator whose turn it is
     * @param child the attached coordinator
     * @param parentShutdown the parent's shutdown
     * @return the turn
     */
    static TerminatorJob turn(ReferenceCoordinator parent, ReferenceCoordinator child,
                              ReferenceShutdownCompletion parentShutdown) {
        return new AttachedTurnJob(parent, child, parentShutdown);
    }

    @Override
    Duration bound(Duration terminatorBound) {
        return child.settings().shutdownDeadline();
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
            parent.turnOverran(child.name(), child.settings().shutdownDeadline(), parentShutdown);
        }
    }

    @Override
    TerminatorJob overran(Duration bound) {
        if (!settled.compareAndSet(false, true)) {
            return null;
        }
        ReferenceShutdownCompletion childShutdown = child.completion();
        if (childShutdown != null && childShutdown.isDone()) {
            return null;
        }
        return TerminatorJob.of("overrun report of attached coordinator '" + child.name() + "'",
                () -> parent.turnOverran(child.name(), bound, parentShutdown), null);
    }

    @Override
    public String toString() {
        return "turn of attached coordinator '" + child.name() + "'";
    }
}
