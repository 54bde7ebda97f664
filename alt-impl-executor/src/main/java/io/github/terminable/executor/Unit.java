package io.github.terminable.executor;

/**
 * One position in a coordinator's registration order (rules 2.1 and 2.7): a terminable thread
 * (a loop's thread included), or a coordinator attached as a child ({@link ChildLink}). The
 * terminate phase gives each unit one turn, newest first, and the turn waits for the unit to end
 * (rules 3.2 and 3.6).
 *
 * <p>A unit is also its own node in its coordinator's {@link Registry}: the links live here, so
 * registering a unit allocates nothing (the per-thread footprint is measured in
 * benchmarks/RESULTS.md, "Row 4 — memory").
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread. The links are guarded by
 * the lock of the registry the unit is in.
 */
abstract class Unit {

    /** The previous unit in the registry, or null; guarded by the registry's lock. */
    Unit prev;
    /** The next unit in the registry, or null; guarded by the registry's lock. */
    Unit next;

    /**
     * Returns whether the unit has ended: a thread's body returned (a loop: its thread ended
     * after its cleanups); an attached coordinator's shutdown completed.
     *
     * @return whether it has ended
     */
    abstract boolean hasEnded();

    /**
     * Waits for the unit to end, on the unit's own end signal (never by polling).
     *
     * @param nanos how long to wait at most; zero or negative means do not wait
     * @return whether it has ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    abstract boolean awaitEnd(long nanos) throws InterruptedException;
}
