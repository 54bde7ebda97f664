package io.github.terminable.reference;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invokes one thread's termination callback on a terminator worker and reports how it ended
 * (rules 1.2, 3.4, 3.5 and 8.2).
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
    private final AtomicInteger outcome = new AtomicInteger(RUNNING);

    CallbackJob(ReferenceCoordinator coordinator, ReferenceTerminableThread thread) {
        this.coordinator = coordinator;
        this.thread = thread;
    }

    @Override
    void run() {
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            thread.callback().onTerminate(thread);
        } catch (Throwable thrown) { // Exception and Error alike: rule 3.5
            failure = thrown;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (outcome.compareAndSet(RUNNING, FINISHED)) {
            coordinator.callbackReturned(thread, took, failure);
        }
    }

    @Override
    TerminatorJob overran(Duration bound) {
        if (outcome.compareAndSet(RUNNING, OVERRAN)) {
            return TerminatorJob.of("overrun report of the callback of '" + thread.name() + "'",
                    () -> coordinator.callbackOverran(thread, bound), null);
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
