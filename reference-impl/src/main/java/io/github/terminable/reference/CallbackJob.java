package io.github.terminable.reference;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invokes one thread's termination callback on a terminator worker and reports how it ended
 * (rules 1.2, 3.4, 3.5, 3.12 and 8.2); for a terminate-phase turn, also waits for the thread to
 * end (rules 3.2, 3.6 and 3.11).
 *
 * <p>Two kinds exist. A <em>requested</em> job is dispatched for a request that was already
 * accepted (by {@code terminate()}, an unreachable owner, or {@code start()} of a thread
 * requested while NEW): it always invokes the callback, even if the thread has ended meanwhile
 * (rule 1.2), and is bounded by {@code callbackTimeout} with no wait for the end. A <em>turn</em>
 * job is one step of a shutdown's terminate phase: when it runs it first makes the request at that
 * moment ({@link ReferenceTerminableThread#takeTurn()}); it is skipped if the thread has ended; it invokes no callback
 * if the thread was requested before its turn (rule 3.6); and unless the thread opted out
 * ({@code awaitedInTurn(false)}, rule 3.11) it then waits for the thread to end. The turn's bound,
 * {@code callbackTimeout} from the start of the turn, covers callback and wait together: the
 * terminator's watchdog enforces it for the callback, and the wait is a timed park on the
 * thread's end signal that gives up at the same instant ({@link TerminatorJob#deadlineNanos}).
 *
 * <p>The job knows its thread, its bound and the {@link Reporter} of the thread's coordinator, not
 * the coordinator: every outcome goes to the reporter, and nothing is handed back.
 *
 * <p><b>Thread-safety.</b> {@link #run()} runs on the worker and {@link #overran} on the
 * watchdog, possibly at the same time; each outcome is reported exactly once, decided by atomic
 * claims on {@code outcome}.
 */
final class CallbackJob extends TerminatorJob {

    /*
     * outcome, claimed by compareAndSet:
     *
     *   RUNNING --callback returned/threw (worker)--> DELIVERING --record delivered, turn waits (worker)--> WAITING
     *   RUNNING --bound elapsed (watchdog)----------> OVERRAN    (the follow-up reports overran + OVERRAN record)
     *   RUNNING --no callback: requested before the turn, awaited (worker)--> WAITING
     *   DELIVERING --no wait (requested job, opted-out turn) (worker)--> SETTLED
     *   DELIVERING --bound elapsed (watchdog)--> SETTLED (the follow-up reports the turn's overrun
     *                if the thread has not ended, else a blocked listener)
     *   WAITING --thread ended or wait timed out (worker)--> SETTLED (the worker reports the overrun)
     *   WAITING --bound elapsed (watchdog)--> SETTLED (the follow-up reports the overrun unless the
     *                thread has ended meanwhile)
     *
     * So the record of a callback is delivered once (COMPLETED/FAILED by the worker, or OVERRAN
     * by the watchdog's follow-up), and the turn's overrun is reported at most once, by whichever
     * side settles the turn. A callback that throws after OVERRAN was claimed gets no record and
     * no failures() entry; its throwable is printed (rule 3.12).
     */
    private static final int RUNNING = 0;
    private static final int DELIVERING = 1;
    private static final int WAITING = 2;
    private static final int SETTLED = 3;
    private static final int OVERRAN = 4;

    private final Reporter reporter;
    private final ReferenceTerminableThread thread;
    private final boolean turn;
    /** The turn's bound ({@code callbackTimeout}), reported when the wait for the end overruns. */
    private final Duration bound;
    private final AtomicInteger outcome = new AtomicInteger(RUNNING);
    /**
     * The shutdown under way when the callback was invoked (or the turn taken), or null: only
     * such a callback's failure or overrun belongs in that shutdown's reports (rules 3.4 and
     * 3.5). Volatile: written by the worker, read by the overrun report, which runs on another
     * worker.
     */
    private volatile ReferenceShutdownCompletion invokedDuring;
    /** Set by the worker before it settles the wait itself; read by extendOnce after the claim. */
    private volatile boolean selfSettled;

    private CallbackJob(Reporter reporter, ReferenceTerminableThread thread, boolean turn, Duration bound) {
        this.reporter = reporter;
        this.thread = thread;
        this.turn = turn;
        this.bound = bound;
    }

    /**
     * Creates the job for a request already accepted.
     *
     * @param reporter the reporter of the thread's coordinator
     * @param thread the thread
     * @param bound the callback's bound ({@code callbackTimeout})
     * @return the job
     */
    static CallbackJob requested(Reporter reporter, ReferenceTerminableThread thread, Duration bound) {
        return new CallbackJob(reporter, thread, false, bound);
    }

    /**
     * Creates the job for the thread's turn in a terminate phase.
     *
     * @param reporter the reporter of the thread's coordinator
     * @param thread the thread
     * @param bound the turn's bound ({@code callbackTimeout}), callback and wait together
     * @return the job
     */
    static CallbackJob turn(Reporter reporter, ReferenceTerminableThread thread, Duration bound) {
        return new CallbackJob(reporter, thread, true, bound);
    }

    @Override
    void run() {
        if (turn) {
            int taken = thread.takeTurn();
            invokedDuring = reporter.shutdownUnderWay();
            if (taken == ReferenceTerminableThread.TURN_SKIP
                    || (taken == ReferenceTerminableThread.TURN_ALREADY_REQUESTED && !thread.awaitedInTurn())) {
                outcome.set(SETTLED);
                return; // ended, or requested before its turn and not awaited: the turn ends at once
            }
            if (taken == ReferenceTerminableThread.TURN_ALREADY_REQUESTED) {
                if (outcome.compareAndSet(RUNNING, WAITING)) {
                    awaitEnd(); // rule 3.6: no callback, but the turn still waits
                }
                return;
            }
        } else {
            invokedDuring = reporter.shutdownUnderWay();
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            thread.callback().onTerminate(thread);
        } catch (Throwable thrown) { // Exception and Error alike: rule 3.5
            failure = thrown;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!outcome.compareAndSet(RUNNING, DELIVERING)) {
            if (failure != null) { // rule 3.12: the outcome was settled as OVERRAN
                reporter.callbackFailedAfterOverrun(thread.name(), failure);
            }
            return;
        }
        reporter.callbackReturned(thread.name(), thread.thread().getId(), took, failure, invokedDuring);
        if (!turn || !thread.awaitedInTurn()) {
            outcome.compareAndSet(DELIVERING, SETTLED);
            return;
        }
        if (outcome.compareAndSet(DELIVERING, WAITING)) {
            awaitEnd();
        }
    }

    /** The turn's wait for the end (state WAITING), bounded by the turn's deadline. */
    private void awaitEnd() {
        boolean ended = thread.awaitEnd(deadlineNanos);
        selfSettled = true; // before the claim: the watchdog reads it after seeing SETTLED
        if (outcome.compareAndSet(WAITING, SETTLED) && !ended) {
            reporter.turnOverran(thread.name(), bound, invokedDuring);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True while the turn waits for the thread's end (state WAITING) or has just
     * settled that wait itself (SETTLED, the worker reporting the overrun): the worker's timed
     * park expires at the same deadline and reports the overrun itself.
     */
    @Override
    boolean extendOnce() {
        int s = outcome.get();
        return s == WAITING || (s == SETTLED && selfSettled);
    }

    @Override
    TerminatorJob overran(Duration exceeded) {
        while (true) {
            int s = outcome.get();
            if (s == RUNNING) {
                if (outcome.compareAndSet(RUNNING, OVERRAN)) {
                    return TerminatorJob.of("overrun report of the callback of '" + thread.name() + "'",
                            () -> reporter.callbackOverran(thread.name(), thread.thread().getId(), exceeded,
                                    invokedDuring), null);
                }
            } else if (s == DELIVERING || s == WAITING) {
                if (outcome.compareAndSet(s, SETTLED)) {
                    boolean awaited = turn && thread.awaitedInTurn();
                    if (awaited && !thread.hasEnded()) {
                        return TerminatorJob.of("overrun report of the turn of '" + thread.name() + "'",
                                () -> reporter.turnOverran(thread.name(), exceeded, invokedDuring), null);
                    }
                    return s == WAITING ? null : listenerBlocked(exceeded);
                }
            } else {
                return listenerBlocked(exceeded);
            }
        }
    }

    /** The callback's outcome was settled in time; what blocks is a listener told about it. */
    private TerminatorJob listenerBlocked(Duration exceeded) {
        return TerminatorJob.of("report", () -> reporter.listenerBlocked(thread.name(), exceeded), null);
    }

    @Override
    public String toString() {
        return (turn ? "turn of '" : "termination callback of '") + thread.name() + "'";
    }
}
