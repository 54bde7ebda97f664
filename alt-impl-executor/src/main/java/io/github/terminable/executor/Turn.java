package io.github.terminable.executor;

import java.time.Duration;

/**
 * One unit's turn in the terminate phase (rules 3.2 to 3.4, 3.6 and 3.11): its absolute
 * deadline and whether it has already been declared overrun.
 *
 * <p><b>Overview.</b> A turn starts when the terminate-phase terminator reaches the unit; its
 * bound (the callback timeout, or an attached coordinator's shutdown deadline) is measured from
 * that moment and covers the callback and the wait for the unit's end together. The callback
 * step and the wait step of the turn both end at {@link #deadline()}; whichever of them finds the
 * deadline passed first declares the overrun ({@link #declareOverrun()}), so a turn overruns at
 * most once.
 *
 * <p><b>Thread-safety.</b> Used only by the steps of one terminator. Those steps run one after the
 * other, possibly on different terminator threads (a fresh one after an overrun); each hand-off
 * passes through the terminator's lock, which orders the plain {@link #overran} write before the
 * next step's read.
 */
final class Turn {

    private final String unitName;
    private final long deadline;
    private final Duration bound;
    /** Whether the overrun was declared; see the class comment for why it need not be volatile. */
    private boolean overran;

    /**
     * Starts a turn now.
     *
     * @param unitName the unit's name
     * @param bound the turn's bound
     */
    Turn(String unitName, Duration bound) {
        this.unitName = unitName;
        this.bound = bound;
        this.deadline = System.nanoTime() + Arguments.saturatedNanos(bound);
    }

    String unitName() {
        return unitName;
    }

    /** Returns the deadline, in {@link System#nanoTime()} units. */
    long deadline() {
        return deadline;
    }

    /** Returns the bound, as reported in {@code overran(name, bound)}. */
    Duration bound() {
        return bound;
    }

    /** Returns the time left until the deadline, in nanoseconds; zero or negative once it passed. */
    long nanosLeft() {
        return deadline - System.nanoTime();
    }

    /**
     * Declares the overrun, once.
     *
     * @return whether this call declared it
     */
    boolean declareOverrun() {
        if (overran) {
            return false;
        }
        overran = true;
        return true;
    }

    boolean overran() {
        return overran;
    }
}
