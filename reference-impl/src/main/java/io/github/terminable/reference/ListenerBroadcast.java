package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of one coordinator, and the delivery of each event to every one of them
 * (section 8).
 *
 * <p>Each listener is called in turn, in the order it was added. A listener that throws is
 * reported through {@link Reporter#listenerFailed} (code {@code TERMINABLE-LISTENER-FAILED}, with
 * its stack trace), and the event still reaches the other listeners (rule 8.4). This class only delivers:
 * the coordinator decides on which thread (always one of its {@link Terminator}'s threads, so a
 * listener that blocks is bounded like a callback).
 *
 * <p><b>Thread-safety.</b> Safe from any thread. Listeners are held in a
 * {@link CopyOnWriteArrayList}: a delivery sees the listeners added before it began.
 *
 * <p><b>Memory consistency.</b> Actions prior to {@link #add} <i>happen-before</i> every delivery
 * to that listener that sees it.
 */
final class ListenerBroadcast {

    private final String coordinatorName;
    private final CopyOnWriteArrayList<TerminationListener> listeners = new CopyOnWriteArrayList<>();

    ListenerBroadcast(String coordinatorName) {
        this.coordinatorName = coordinatorName;
    }

    /** Adds {@code listener} unless an equal one is already added (rule 8.1: registered at most once). */
    void add(TerminationListener listener) {
        listeners.addIfAbsent(Objects.requireNonNull(listener, "listener must not be null"));
    }

    boolean remove(TerminationListener listener) {
        return listeners.remove(Objects.requireNonNull(listener, "listener must not be null"));
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        if (listeners.isEmpty()) {
            return; // no event text built, nothing allocated: once per turn on the shutdown path
        }
        deliver("phaseChanged(" + from + ", " + to + ", " + trigger + ")", l -> l.phaseChanged(from, to, trigger));
    }

    void terminated(TerminationRecord record) {
        if (listeners.isEmpty()) {
            return; // no event text built, nothing allocated: once per turn on the shutdown path
        }
        deliver("terminated(" + record.threadName() + ", " + record.outcome() + ")", l -> l.terminated(record));
    }

    void overran(String threadName, Duration bound) {
        if (listeners.isEmpty()) {
            return; // no event text built, nothing allocated: once per turn on the shutdown path
        }
        deliver("overran(" + threadName + ")", l -> l.overran(threadName, bound));
    }

    void deadlineMissed(ShutdownReport report) {
        if (listeners.isEmpty()) {
            return; // no event text built, nothing allocated: once per turn on the shutdown path
        }
        deliver("deadlineMissed", l -> l.deadlineMissed(report));
    }

    private void deliver(String event, Consumer<TerminationListener> call) {
        for (TerminationListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (Throwable failure) {
                Reporter.listenerFailed(listener, coordinatorName, event, failure);
            }
        }
    }
}
