package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers a coordinator's events to its listeners (section 8); the listener half of
 * {@link Reporter}, which alone calls it.
 *
 * <p><b>Overview.</b> Events are delivered synchronously with respect to the thread that observed
 * them: {@code phaseChanged}, {@code terminated} and {@code overran} are observed by a step of a
 * {@link Terminator}, which queues each listener call as a bounded step right after itself
 * ({@link Terminator.Steps}); the terminator runs them back to back, each bounded by the callback
 * timeout, so the record of one callback is delivered before the next callback of the terminate
 * phase starts (rule 8.2), and a listener that blocks is reported and abandoned instead of
 * stalling the shutdown. {@code deadlineMissed} is delivered on the awaiting thread, before
 * {@code await} returns (rule 3.8); for the JVM exit hook and the quiescence watcher, on a daemon
 * thread they wait for at most one second (rules 4.8 and 4.12). No lock is held while a listener
 * runs (rule 3.9). A listener that throws, or does not return within the callback timeout, is
 * handed to the {@link Reporter} ({@code TERMINABLE-LISTENER-FAILED}), stays registered, and the
 * other listeners still receive the event (rule 8.4).
 *
 * <p>The {@link Reporter} makes this broadcast on the first {@code addListener} and calls it only
 * while a listener is registered, so a coordinator nobody listens to links none of its lambdas.
 *
 * <p><b>Thread-safety.</b> Thread-safe. The listener list is copy-on-write: each event goes to the
 * listeners registered when its delivery starts.
 */
final class ListenerBroadcast {

    private final String coordinatorName;
    /** Where listener failures go. */
    private final Reporter reporter;
    private final CopyOnWriteArrayList<TerminationListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates an empty broadcast.
     *
     * @param coordinatorName the coordinator's name, for the delivery thread's name
     * @param reporter the coordinator's reporter, told of every listener that fails
     */
    ListenerBroadcast(String coordinatorName, Reporter reporter) {
        this.coordinatorName = coordinatorName;
        this.reporter = reporter;
    }

    /** Adds {@code listener} unless it is already registered: each listener hears each event once (rule 8.1). */
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

    void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger, Terminator.Steps on) {
        tell("phaseChanged", l -> l.phaseChanged(from, to, trigger), on);
    }

    void terminated(TerminationRecord record, Terminator.Steps on) {
        tell("terminated", l -> l.terminated(record), on);
    }

    void overran(String threadName, Duration bound, Terminator.Steps on) {
        tell("overran", l -> l.overran(threadName, bound), on);
    }

    /** Delivered on the calling (awaiting) thread (rule 3.8). */
    void deadlineMissed(ShutdownReport report) {
        tell("deadlineMissed", l -> l.deadlineMissed(report), null);
    }

    /**
     * Delivers {@code deadlineMissed} on a fresh implementation-owned daemon thread and waits for
     * that delivery at most {@code maxWaitMillis} (rules 4.8 and 4.12): the hook and the
     * quiescence watcher must not be held by a listener. A listener still running then is left
     * running.
     *
     * @param report the report
     * @param maxWaitMillis how long to wait for the delivery
     */
    void deadlineMissedBounded(ShutdownReport report, long maxWaitMillis) {
        Thread delivery = InternalThreads.newDaemon(() -> tell("deadlineMissed", l -> l.deadlineMissed(report), null),
                coordinatorName + "-deadline-listeners");
        boolean interrupted = false;
        try {
            delivery.start();
            long end = System.nanoTime() + maxWaitMillis * 1_000_000L;
            for (long left = maxWaitMillis; left > 0 && delivery.isAlive();
                    left = (end - System.nanoTime()) / 1_000_000L) {
                try {
                    delivery.join(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (OutOfMemoryError noThread) {
            // No thread for the delivery: the report line has been printed already; skip listeners.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Calls every listener, one after the other.
     *
     * @param method the listener method, for diagnostics
     * @param call the call to make on each listener
     * @param on where to queue one bounded step per listener call, to run on the terminator
     *     right after the current step; {@code null} to call on this thread now
     */
    private void tell(String method, Consumer<TerminationListener> call, Terminator.Steps on) {
        for (TerminationListener l : listeners) {
            if (on == null) {
                guarded(method, call, l);
                continue;
            }
            on.bounded(new Terminator.Bounded() {
                @Override
                public void run() {
                    guarded(method, call, l);
                }

                @Override
                public void finished(TerminationOutcome outcome, Throwable failure, Duration took,
                                     Terminator.Steps next) {
                    if (outcome == TerminationOutcome.OVERRAN) {
                        reporter.listenerOverran(l, method);
                    }
                }
            });
        }
    }

    /** Makes one listener call, reporting what it throws (rule 8.4). */
    private void guarded(String method, Consumer<TerminationListener> call, TerminationListener l) {
        try {
            call.accept(l);
        } catch (Throwable failure) {
            reporter.listenerFailed(l, method, failure);
        }
    }
}
