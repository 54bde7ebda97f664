package io.github.terminable.reference;

import io.github.terminable.CallbackFailure;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;

import io.github.terminable.spi.DiagnosticCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the outcomes of one coordinator go (section 8): callbacks that returned, failed or
 * overran, turns that overran, phase changes, missed deadlines, and listeners or cleanup actions
 * that failed. Each outcome is fanned out, in a fixed order, to the Flight Recorder
 * ({@link FlightRecorderEvents}), to the listeners ({@link ListenerBroadcast}), to
 * {@code System.err} ({@link DiagnosticCode#report DiagnosticCode.report}) when the spec asks for a line, and to the lists of the
 * shutdown the outcome belongs to ({@link ReferenceShutdownCompletion#addFailure},
 * {@link ReferenceShutdownCompletion#addOverrun}).
 *
 * <p>Its callers are the coordinator, the jobs of its {@link Terminator}s, its shutdown handle and,
 * for a missed deadline of the JVM-wide paths, {@link GlobalCoordinator}; the static methods
 * serve plain jobs and background loops. It calls nothing back: it knows the coordinator by
 * name only. The thread a call is made on is
 * the thread the listeners are told on (a terminator worker, or the awaiting thread for
 * {@link #deadlineMissed}); only {@link #missedShutdownDeadline} starts a thread of its own.
 *
 * <p><b>Thread-safety.</b> Safe from any thread.
 *
 * <p><b>Memory consistency.</b> Actions prior to {@link #addListener} <i>happen-before</i> every
 * delivery to that listener that sees it; the write of {@link #shutdownBegan} is made under the
 * coordinator's lock and read by the jobs that lock hands off (through the terminator's lock), or
 * later.
 */
final class Reporter {

    /*
     * State: two fields, each written at most once from null.
     *
     *   listeners: null --first addListener (under this object's monitor, double-checked)--> broadcast
     *   shutdown:  null --beginShutdown of the coordinator (under its lock)--> the one handle
     *
     * Both are volatile so the reporting methods read them without a lock. `listeners` stays null
     * in a process that adds no listener, so ListenerBroadcast is never loaded there
     * (benchmarks/RESULTS.md, row 5); every delivery site checks.
     */

    /** How long the JVM-wide paths wait for listeners told of a missed deadline (rules 4.8, 4.12). */
    static final long LISTENER_DELIVERY_MILLIS = 1000;

    private final String coordinatorName;
    /** Null until the first listener is added (see the state comment). */
    private volatile ListenerBroadcast listeners;
    /** The coordinator's shutdown once begun, else null (see the state comment). */
    private volatile ReferenceShutdownCompletion shutdown;

    /**
     * Creates the reporter of a coordinator.
     *
     * @param coordinatorName the coordinator's name, used in every event and line
     */
    Reporter(String coordinatorName) {
        this.coordinatorName = coordinatorName;
    }

    // ---------------------------------------------------------------- listeners (rule 8.1)

    /**
     * Adds a listener unless an equal one is already added.
     *
     * @param listener the listener
     */
    void addListener(TerminationListener listener) {
        ListenerBroadcast l = listeners;
        if (l == null) {
            Objects.requireNonNull(listener, "listener must not be null"); // before anything is created
            synchronized (this) {
                l = listeners;
                if (l == null) {
                    l = new ListenerBroadcast(coordinatorName);
                    listeners = l;
                }
            }
        }
        l.add(listener);
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     * @return whether it was added
     */
    boolean removeListener(TerminationListener listener) {
        ListenerBroadcast l = listeners;
        if (l == null) {
            Objects.requireNonNull(listener, "listener must not be null");
            return false;
        }
        return l.remove(listener);
    }

    /** Returns whether no listener is added (a volatile read). */
    private boolean noListeners() {
        ListenerBroadcast l = listeners;
        return l == null || l.isEmpty();
    }

    // ---------------------------------------------------------------- the shutdown's bookkeeping

    /**
     * Records the coordinator's shutdown, so that callbacks invoked from now on count in its
     * reports (rules 3.4 and 3.5). Called once, under the coordinator's lock.
     *
     * @param c the shutdown's handle
     */
    void shutdownBegan(ReferenceShutdownCompletion c) {
        shutdown = c;
    }

    /**
     * Returns the coordinator's shutdown if it has begun, else null: a job reads it when it
     * invokes a callback, and passes it back with the callback's outcome.
     *
     * @return the shutdown under way, or null
     */
    ReferenceShutdownCompletion shutdownUnderWay() {
        return shutdown;
    }

    // ---------------------------------------------------------------- outcomes

    /**
     * A phase change of {@code c}'s shutdown: JFR, then the listeners (rule 8.2).
     *
     * @param from the phase left
     * @param to the phase entered
     * @param c the shutdown
     */
    void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ReferenceShutdownCompletion c) {
        FlightRecorderEvents.phaseChanged(coordinatorName, from, to, c.trigger(),
                from == CoordinatorPhase.OPEN ? Duration.ZERO : c.elapsed());
        ListenerBroadcast l = listeners;
        if (l != null) {
            l.phaseChanged(from, to, c.trigger());
        }
    }

    /**
     * A callback returned or threw within its bound (rules 3.5 and 8.2).
     *
     * @param threadName the thread's name
     * @param threadId the underlying thread's id
     * @param took how long the callback ran
     * @param failure what it threw, or null
     * @param during the shutdown under way when it was invoked, or null
     */
    void callbackReturned(String threadName, long threadId, Duration took, Throwable failure,
                          ReferenceShutdownCompletion during) {
        if (failure == null && noListeners() && !FlightRecorderEvents.enabled()) {
            return; // nobody to tell: no record built (once per turn on the exit path)
        }
        TerminationRecord record = new TerminationRecord(threadName, threadId, took,
                failure == null ? TerminationOutcome.COMPLETED : TerminationOutcome.FAILED, Optional.ofNullable(failure));
        FlightRecorderEvents.terminated(coordinatorName, record);
        if (failure != null) {
            if (during != null) {
                during.addFailure(new CallbackFailure(threadName, failure));
            }
            if (noListeners()) {
                DiagnosticCode.CALLBACK_FAILED.report("termination callback of thread '" + threadName
                        + "' (coordinator '" + coordinatorName + "') threw; the other callbacks go on", failure);
            }
        }
        ListenerBroadcast l = listeners;
        if (l != null) {
            l.terminated(record);
        }
    }

    /**
     * A callback exceeded its bound; the next one has been started (rules 3.4 and 8.3).
     *
     * @param threadName the thread's name
     * @param threadId the underlying thread's id
     * @param bound the bound it exceeded
     * @param during the shutdown under way when it was invoked, or null
     */
    void callbackOverran(String threadName, long threadId, Duration bound, ReferenceShutdownCompletion during) {
        if (during != null) {
            during.addOverrun(threadName);
        }
        TerminationRecord record = new TerminationRecord(threadName, threadId, bound,
                TerminationOutcome.OVERRAN, Optional.empty());
        FlightRecorderEvents.terminated(coordinatorName, record);
        FlightRecorderEvents.overran(coordinatorName, threadName, bound);
        ListenerBroadcast l = listeners;
        if (l != null) {
            l.overran(threadName, bound);
            l.terminated(record);
        }
    }

    /**
     * A callback threw after it had been declared overrun (rule 3.12): printed only; it has had
     * its record.
     *
     * @param threadName the thread's name
     * @param failure what it threw
     */
    void callbackFailedAfterOverrun(String threadName, Throwable failure) {
        DiagnosticCode.CALLBACK_FAILED.report("termination callback of thread '" + threadName
                + "' (coordinator '" + coordinatorName + "') threw after it had been declared overrun;"
                + " it is not recorded again", failure);
    }

    /**
     * A terminate-phase turn exceeded its bound after its callback, if any, had returned: the
     * unit has not ended (thread) or completed (attached coordinator) in time (rules 2.7, 3.2 and
     * 3.4). No record: records are per callback.
     *
     * @param unitName the thread's or the attached coordinator's name
     * @param bound the turn's bound
     * @param during the shutdown the turn belongs to, or null
     */
    void turnOverran(String unitName, Duration bound, ReferenceShutdownCompletion during) {
        if (during != null) {
            during.addOverrun(unitName);
        }
        FlightRecorderEvents.overran(coordinatorName, unitName, bound);
        ListenerBroadcast l = listeners;
        if (l != null) {
            l.overran(unitName, bound);
        }
    }

    /**
     * A listener blocked longer than the bound while told about {@code unitName}'s callback; the
     * terminator went on without it (rule 8.4).
     *
     * @param unitName the thread the listener was told about
     * @param bound the bound it exceeded
     */
    void listenerBlocked(String unitName, Duration bound) {
        DiagnosticCode.LISTENER_FAILED.report("a listener of coordinator '" + coordinatorName
                + "' blocked for longer than " + bound + " while told about '" + unitName
                + "'; it is left running and the terminator goes on", null);
    }

    /**
     * A listener threw; the other listeners and the shutdown go on (rule 8.4).
     *
     * @param listener the listener
     * @param coordinatorName the name of the coordinator it listens to
     * @param event the event it was told, as text
     * @param failure what it threw
     */
    static void listenerFailed(TerminationListener listener, String coordinatorName, String event, Throwable failure) {
        DiagnosticCode.LISTENER_FAILED.report("listener " + listener + " of coordinator '"
                + coordinatorName + "' threw from " + event + "; other listeners and the shutdown go on", failure);
    }

    /**
     * A terminator job that runs no callback (a phase step, a delivery) blocked longer than its
     * bound: only a listener can block it (rule 8.4).
     *
     * @param description what the job is
     * @param bound the bound it exceeded
     */
    static void jobBlocked(String description, Duration bound) {
        DiagnosticCode.LISTENER_FAILED.report(description + " blocked for longer than " + bound
                + "; it is left running and the terminator goes on", null);
    }

    /**
     * A cleanup action deferred on a background loop threw; the others still run (rule 5.5).
     *
     * @param action the action
     * @param loopName the loop's name
     * @param failure what it threw
     */
    static void cleanupFailed(Object action, String loopName, Throwable failure) {
        DiagnosticCode.CLEANUP_FAILED.report("cleanup action " + action + " of background loop '"
                + loopName + "' threw; the other cleanup actions still run", failure);
    }

    /**
     * An await timed out: JFR, then the listeners, on the awaiting thread, before the await
     * returns (rules 3.8 and 8.3).
     *
     * @param report the report the await returns
     */
    void deadlineMissed(ShutdownReport report) {
        FlightRecorderEvents.deadlineMissed(coordinatorName, report);
        ListenerBroadcast l = listeners;
        if (l != null) {
            l.deadlineMissed(report);
        }
    }

    /**
     * A JVM-wide path missed {@code shutdownDeadline} (rules 4.8 and 4.12): one
     * {@code TERMINABLE-DEADLINE} line with the report on {@code System.err} first, then the JFR
     * event, then {@code deadlineMissed} to the listeners on an implementation-owned daemon
     * thread, waited for at most {@value #LISTENER_DELIVERY_MILLIS} ms. Nothing if the shutdown
     * has completed meanwhile.
     *
     * @param c the shutdown
     * @param shutdownDeadline the deadline it missed
     * @param consequence what happens next, for the diagnostic
     */
    void missedShutdownDeadline(ReferenceShutdownCompletion c, Duration shutdownDeadline, String consequence) {
        ShutdownReport report = c.currentReport();
        if (report.completed()) {
            return;
        }
        DiagnosticCode.DEADLINE.report("the shutdown of '" + coordinatorName + "' (trigger " + c.trigger()
                + ") did not complete within the shutdown deadline of " + shutdownDeadline + "; "
                + consequence + ". " + report.describe(), null);
        FlightRecorderEvents.deadlineMissed(coordinatorName, report);
        Thread delivery = Terminator.newDaemon(coordinatorName + "-deadline-listeners", () -> {
            ListenerBroadcast l = listeners;
            if (l != null) {
                l.deadlineMissed(report);
            }
        });
        delivery.start();
        joinAtMost(delivery, LISTENER_DELIVERY_MILLIS);
    }

    private static void joinAtMost(Thread t, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        boolean interrupted = false;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !t.isAlive()) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, remaining);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
