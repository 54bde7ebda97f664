package io.github.terminable.reference;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invokes one thread's termination callback on a terminator worker and reports how it ended
 * (rules 1.2, 3.4, 3.5 and 8.2).
 *
 * <p>Two kinds exist. A <em>requested</em> job is dispatched for a request that was already
 * accepted (by {@code terminate()}, an unreachable owner, or {@code start()} of a thread
 * requested while NEW): it always invokes the callback, even if the thread has ended meanwhile
 * (rule 1.2). A <em>turn</em> job is one step of a shutdown's terminate phase: when it runs it
 * first asks the coordinator to make the request at that moment, and is skipped if the thread
 * has ended or was requested before its turn (rules 3.2 and 3.6).
 *
 * <p><b>Thread-safety.</b> {@link #run()} runs on the worker and {@link #overran} on the
 * watchdog, possibly at the same time; exactly one of them reports the outcome, decided by an
 * atomic claim on {@code outcome}.
 */
final class CallbackJob extends TerminatorJob {

    /*
     * outcome: RUNNING --callback returned or threw, claimed by the worker--> FINISHED
     *          RUNNING --bound exceeded, claimed by the watchdog-----------> OVERRAN
     * The claim is a compareAndSet, so the callback is reported exactly once: COMPLETED/FAILED
     * by the worker, or OVERRAN by the follow-up job the watchdog queues.
     */
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int OVERRAN = 2;

    private final ReferenceCoordinator coordinator;
    private final ReferenceTerminableThread thread;
    private final boolean turn;
    private final AtomicInteger outcome = new AtomicInteger(RUNNING);
    /**
     * The shutdown under way when the callback was invoked, or null: only such a callback's
     * failure or overrun belongs in that shutdown's reports (rules 3.4 and 3.5). Volatile: written
     * by the worker, read by the overrun report, which runs on another worker.
     */
    private volatile ReferenceShutdownCompletion invokedDuring;

    private CallbackJob(ReferenceCoordinator coordinator, ReferenceTerminableThread thread, boolean turn) {
        this.coordinator = coordinator;
        this.thread = thread;
        this.turn = turn;
    }

    /**
     * Creates the job for a request already accepted.
     *
     * @param coordinator the thread's coordinator
     * @param thread the thread
     * @return the job
     */
    static CallbackJob requested(ReferenceCoordinator coordinator, ReferenceTerminableThread thread) {
        return new CallbackJob(coordinator, thread, false);
    }

    /**
     * Creates the job for the thread's turn in a terminate phase.
     *
     * @param coordinator the thread's coordinator
     * @param thread the thread
     * @return the job
     */
    static CallbackJob turn(ReferenceCoordinator coordinator, ReferenceTerminableThread thread) {
        return new CallbackJob(coordinator, thread, true);
    }

    @Override
    void run() {
        if (turn && !coordinator.takeTurn(thread)) {
            outcome.set(FINISHED);
            return; // ended, or requested before its turn: skipped, nothing to report
        }
        invokedDuring = coordinator.completion();
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            thread.callback().onTerminate(thread);
        } catch (Throwable thrown) { // Exception and Error alike: rule 3.5
            failure = thrown;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (outcome.compareAndSet(RUNNING, FINISHED)) {
            coordinator.callbackReturned(thread, took, failure, invokedDuring);
        }
    }

    @Override
    TerminatorJob overran(Duration bound) {
        if (outcome.compareAndSet(RUNNING, OVERRAN)) {
            return TerminatorJob.of("overrun report of the callback of '" + thread.name() + "'",
                    () -> coordinator.overran(thread, bound, invokedDuring), null);
        }
        // The callback returned in time; what blocks is a listener told about it.
        return TerminatorJob.of("report", () -> Diagnostics.report(Diagnostics.LISTENER_FAILED, "a listener of coordinator '"
                + coordinator.name() + "' blocked for longer than " + bound + " while told about '" + thread.name()
                + "'; it is left running and the terminator goes on", null), null);
    }

    @Override
    public String toString() {
        return "termination callback of '" + thread.name() + "'";
    }
}
