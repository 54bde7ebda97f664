package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells a coordinator's listeners, and Java Flight Recorder, about its events (section 8).
 *
 * <p><b>Overview.</b> Events are delivered synchronously, on the thread that observed them: the
 * coordinator's sequencer threads for phase changes, terminations and overruns (so the record of
 * one callback is delivered before the next callback of the terminate phase starts, rule 8.2),
 * and the awaiting thread for {@code deadlineMissed} (before {@code await} returns, rule 3.8). No
 * lock is held while a listener runs (rule 3.9). A listener that throws is reported with
 * {@code TERMINABLE-LISTENER-FAILED}, stays registered, and the other listeners still receive the
 * event (rule 8.4). Each event is also emitted as a JFR event, when JFR is available and a
 * recording has enabled it (rule 8.5, {@link FlightRecorderEvents}).
 *
 * <p><b>Thread-safety.</b> Thread-safe. The listener list is copy-on-write: each event goes to the
 * listeners registered when its delivery starts.
 */
final class ListenerBus {

    private final String coordinatorName;
    private final CopyOnWriteArrayList<TerminationListener> listeners = new CopyOnWriteArrayList<>();

    ListenerBus(String coordinatorName) {
        this.coordinatorName = coordinatorName;
    }

    /** Adds {@code listener} unless it is already registered: each listener hears each event once. */
    void add(TerminationListener listener) {
        listeners.addIfAbsent(listener);
    }

    boolean remove(TerminationListener listener) {
        return listeners.remove(listener);
    }

    /** Returns whether any listener is registered now (decides the System.err fallback, rule 3.5). */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        FlightRecorderEvents.phaseChanged(coordinatorName, from, to, trigger);
        tell("phaseChanged", l -> l.phaseChanged(from, to, trigger));
    }

    void terminated(TerminationRecord record) {
        FlightRecorderEvents.terminated(coordinatorName, record.threadName(), record.threadId(), record.outcome(),
                record.duration());
        tell("terminated", l -> l.terminated(record));
    }

    void callbackOverran(String threadName, Duration bound) {
        FlightRecorderEvents.callbackOverran(coordinatorName, threadName, bound);
        tell("callbackOverran", l -> l.callbackOverran(threadName, bound));
    }

    void deadlineMissed(ShutdownReport report) {
        FlightRecorderEvents.deadlineMissed(coordinatorName, report.unfinished().size());
        tell("deadlineMissed", l -> l.deadlineMissed(report));
    }

    private void tell(String method, Consumer<TerminationListener> call) {
        for (TerminationListener l : listeners) {
            try {
                call.accept(l);
            } catch (Throwable failure) {
                Diagnostics.report(Diagnostics.LISTENER_FAILED, "listener " + l + " (" + l.getClass().getName()
                        + ") of coordinator '" + coordinatorName + "' threw from " + method
                        + "; it stays registered and shutdown continues", failure);
            }
        }
    }
}
