package io.github.terminable.executor;

import io.github.terminable.TerminationOutcome;

import java.time.Duration;

/**
 * One termination callback as a bounded step of a {@link Terminator}: runs the callback of one
 * thread and hands its outcome to the coordinator's {@link Reporter} (rules 1.8, 3.4, 3.5, 3.12).
 *
 * <p><b>Overview.</b> Built by the coordinator, either for a turn of the terminate phase (then
 * {@link #turn} is set and its deadline bounds the callback, so that one bound covers the callback
 * and the wait for the thread's end, rule 3.4) or for a request made outside it (explicit, owner
 * or pre-start request: bounded by the callback timeout). The terminator calls {@link #run()},
 * then exactly one of {@link #finished} (on the thread that continues) or
 * {@link #failedAfterOverrun} (on the abandoned thread of an overrun step that later threw); both
 * go to the reporter, never back to the coordinator.
 *
 * <p><b>Thread-safety.</b> Immutable; used by the steps of one terminator, which run one after
 * the other.
 */
final class CallbackStep implements Terminator.Bounded {

    private final ExecutorThread thread;
    private final Reporter reporter;
    /** The shutdown under way when the callback is invoked, or {@code null}. */
    private final ShutdownRun shutdown;
    /** The terminate-phase turn that invokes it, or {@code null} outside the terminate phase. */
    private final Turn turn;

    /**
     * Creates the step.
     *
     * @param thread whose callback to run
     * @param reporter where its outcome goes
     * @param shutdown the shutdown under way when the callback is invoked, or {@code null}
     * @param turn the terminate-phase turn that invokes it, whose deadline bounds it, or
     *     {@code null} outside the terminate phase (bounded by the callback timeout)
     */
    CallbackStep(ExecutorThread thread, Reporter reporter, ShutdownRun shutdown, Turn turn) {
        this.thread = thread;
        this.reporter = reporter;
        this.shutdown = shutdown;
        this.turn = turn;
    }

    @Override
    public void run() throws Exception {
        thread.invokeCallback();
    }

    @Override
    public void finished(TerminationOutcome outcome, Throwable failure, Duration took, Terminator.Steps next) {
        reporter.callbackFinished(thread, outcome, failure, took, shutdown, turn, next);
    }

    @Override
    public long deadline(long start, long bound) {
        return turn == null ? start + bound : turn.deadline();
    }

    @Override
    public void failedAfterOverrun(Throwable failure) {
        reporter.callbackFailedAfterOverrun(thread, failure);
    }
}
