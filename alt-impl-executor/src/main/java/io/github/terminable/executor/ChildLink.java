package io.github.terminable.executor;

/**
 * An attached coordinator as a unit of its parent (rule 2.7): it takes one position in the
 * parent's registration order, its turn begins the child's shutdown with the parent's trigger
 * and waits for the child's completion, bounded by the child's shutdown deadline.
 *
 * <p><b>Overview.</b> The link is put into the parent's registry by
 * {@link ExecutorCoordinator#attach}, and taken out of it when the child's shutdown completes
 * (whoever began it), so the parent holds the child only while it is attached and not complete
 * (rule 2.2). The child keeps its link (its field {@code attachedAs}) for good: it
 * marks the child as attached (a second attach fails) and lets the child find its ancestors (the
 * cycle check of rule 2.7 and the JVM-wide root of rule 4.4).
 *
 * <p><b>Thread-safety.</b> Immutable; the child's shutdown state it reads is thread-safe.
 */
final class ChildLink extends Unit {

    private final ExecutorCoordinator parent;
    private final ExecutorCoordinator child;

    ChildLink(ExecutorCoordinator parent, ExecutorCoordinator child) {
        this.parent = parent;
        this.child = child;
    }

    ExecutorCoordinator parent() {
        return parent;
    }

    ExecutorCoordinator child() {
        return child;
    }

    /**
     * Returns the name of this unit's turn, used in {@code overran} and in {@code overruns()}
     * (rules 2.7 and 3.4).
     *
     * @return the attached coordinator's name
     */
    String unitName() {
        return child.name();
    }

    @Override
    public boolean hasEnded() {
        ShutdownRun run = child.currentRun();
        return run != null && run.isDone();
    }

    @Override
    public boolean awaitEnd(long nanos) throws InterruptedException {
        ShutdownRun run = child.currentRun();
        if (run == null) {
            return false; // not even begun; the parent's turn begins it before waiting
        }
        return run.awaitDone(nanos);
    }

    @Override
    public String toString() {
        return "attached coordinator '" + child.name() + "' of '" + parent.name() + "'";
    }
}
