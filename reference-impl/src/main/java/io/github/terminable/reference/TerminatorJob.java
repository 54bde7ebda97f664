package io.github.terminable.reference;

import java.time.Duration;

/**
 * One unit of work for a {@link Terminator}: a termination callback, or a delivery of events to
 * listeners.
 *
 * <p><b>Thread-safety.</b> {@link #run()} is called once, on a terminator worker thread;
 * {@link #overran(Duration)} at most once, on the terminator's watchdog thread, while
 * {@code run()} may still be executing on the worker. Implementations that need to decide which
 * of the two reports the outcome do so with an atomic claim (see {@link CallbackJob}).
 */
abstract class TerminatorJob {

    /**
     * When this job's bound elapses, as a {@link System#nanoTime()} value: written by the worker
     * just before {@link #run()} on the same thread, so {@code run()} reads it without
     * synchronization; the watchdog uses its own copy, taken under the terminator's lock.
     */
    long deadlineNanos;

    /**
     * Asked by the watchdog, with the terminator's lock held, when this job's bound has elapsed:
     * whether the job is in a wait it bounds itself by {@link #deadlineNanos} (and will report
     * its own overrun), so that the watchdog should give it one more bound before abandoning the
     * worker. Without this, the watchdog and the job's own timed wait, expiring at the same
     * instant, would race, and a job settling its own overrun would be taken for a blocked
     * listener. Must not block. The default is {@code false}.
     *
     * @return whether to wait one more bound (granted at most once per job, by the terminator)
     */
    boolean extendOnce() {
        return false;
    }

    /**
     * Returns how long this job may hold the worker; by default the terminator's bound. A turn
     * for an attached coordinator is bounded by that coordinator's shutdown deadline instead
     * (rule 2.7).
     *
     * @param terminatorBound the terminator's bound
     * @return this job's bound, positive
     */
    Duration bound(Duration terminatorBound) {
        return terminatorBound;
    }

    /**
     * Does the work. Runs on a terminator worker; may block, throw or never return: the
     * terminator bounds it.
     */
    abstract void run();

    /**
     * Called when {@link #run()} has held the worker longer than the terminator's bound: the
     * worker is abandoned and a new one goes on with the queue. Called with the terminator's lock
     * held, so it must not block and must not call user code; it returns the job to run first on
     * the new worker, which may report the overrun.
     *
     * @param bound the bound that was exceeded
     * @return a job to run before the rest of the queue, or {@code null}
     */
    abstract TerminatorJob overran(Duration bound);

    /**
     * Creates a job from a plain action; if the action overruns, the follow-up reports on
     * {@code System.err} that it blocked and then runs {@code onOverrun} (may be null).
     *
     * @param description what the action is, for the diagnostic
     * @param action the action
     * @param onOverrun what to do in its stead if it overruns, or {@code null}
     * @return the job
     */
    static TerminatorJob of(String description, Runnable action, Runnable onOverrun) {
        return PlainJob.create(description, action, onOverrun);
    }

    /**
     * Returns the follow-up of a plain action that overran: it reports on {@code System.err} that
     * the action blocked, then runs {@code onOverrun} (may be null).
     *
     * @param description what the action is, for the diagnostic
     * @param bound the bound it exceeded
     * @param onOverrun what to do in its stead, or {@code null}
     * @return the follow-up job
     */
    static TerminatorJob overrunReport(String description, Duration bound, Runnable onOverrun) {
        return of("overrun report", () -> {
            Reporter.jobBlocked(description, bound);
            if (onOverrun != null) {
                onOverrun.run();
            }
        }, null);
    }
}
