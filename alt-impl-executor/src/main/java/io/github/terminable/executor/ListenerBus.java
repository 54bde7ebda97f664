package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * Delivers a coordinator's events to its listeners (section 8), one at a time, in the order the
 * events happened, on the coordinator's {@code <name>-events} daemon thread.
 *
 * <p><b>Overview.</b> Events are posted from wherever they happen (a terminable thread ending,
 * the sequencer, a thread awaiting with a deadline) and delivered on one implementation-owned
 * thread, so no listener ever runs on a caller of {@code terminate()} or {@code shutdown()}, and a
 * slow listener never delays a termination callback. A listener that throws is reported with
 * {@code TERMINABLE-LISTENER-FAILED} and the other listeners are still told (rule 8.4).
 *
 * <p><b>Thread-safety.</b> Thread-safe. The listener list is copy-on-write; delivery sees the
 * listeners registered when the event is delivered.
 *
 * <p><b>Memory consistency.</b> Actions before posting an event <i>happen-before</i> its
 * delivery (executor hand-off).
 */
final class ListenerBus {

    private final String coordinatorName;
    private final List<TerminationListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor events;

    /**
     * Creates the bus; its thread starts with the first event.
     *
     * @param coordinatorName names the thread and the diagnostics
     */
    ListenerBus(String coordinatorName) {
        this.coordinatorName = coordinatorName;
        this.events = InternalThreads.singleDaemon(coordinatorName + "-events");
    }

    void add(TerminationListener listener) {
        listeners.add(listener);
    }

    boolean remove(TerminationListener listener) {
        return listeners.remove(listener);
    }

    /** Returns whether any listener is registered now (decides the System.err fallback, rule 3.5). */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        post(() -> tell("phaseChanged", l -> l.phaseChanged(from, to, trigger)));
    }

    void terminated(TerminationRecord record) {
        post(() -> tell("terminated", l -> l.terminated(record)));
    }

    void callbackOverran(String threadName, Duration bound) {
        post(() -> tell("callbackOverran", l -> l.callbackOverran(threadName, bound)));
    }

    void deadlineMissed(ShutdownReport report) {
        post(() -> tell("deadlineMissed", l -> l.deadlineMissed(report)));
    }

    /**
     * Runs {@code action} on the events thread after every event posted before it.
     *
     * @param action what to run
     */
    void post(Runnable action) {
        try {
            events.execute(action);
        } catch (RejectedExecutionException closed) {
            // Only after close(): the coordinator is TERMINATED and nothing is left to tell.
        }
    }

    /** Lets the events thread end once the events already posted are delivered. */
    void close() {
        events.shutdown();
    }

    private void tell(String event, Consumer<TerminationListener> call) {
        for (TerminationListener l : listeners) {
            try {
                call.accept(l);
            } catch (Throwable failure) {
                Diagnostics.report(Diagnostics.LISTENER_FAILED, "listener " + l.getClass().getName() + " of coordinator '"
                        + coordinatorName + "' threw from " + event + "; shutdown continues", failure);
            }
        }
    }
}
