package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;

import io.github.terminable.spi.DiagnosticCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Reports one coordinator's outcomes: phase changes, callback records, overruns, callback
 * failures, missed deadlines, failed cleanup actions and failed listeners (sections 3, 5 and 8).
 *
 * <p><b>Overview.</b> Every outcome the coordinator, its {@link Terminator}s, its loops, the JVM
 * exit hook or the quiescence watcher observe comes here, and only here; this class fans it out
 * to the places that must hear of it:
 * <ul>
 *   <li>the {@link ShutdownRun} under way, which collects failures and overruns for its report
 *       (rules 3.4 and 3.5);</li>
 *   <li>Java Flight Recorder ({@link FlightRecorderEvents}, rule 8.5), always before the
 *       listeners, so that the event exists even if a listener blocks;</li>
 *   <li>the listeners ({@link ListenerBroadcast}, section 8);</li>
 *   <li>the {@code System.err} lines of {@link DiagnosticCode#report DiagnosticCode.report}: a callback failure with no listener
 *       (rule 3.5), a callback that threw after its overrun (rule 3.12), a listener that threw or
 *       did not return (rule 8.4), a cleanup action that threw (rule 5.5), and the deadline
 *       report (rules 4.8 and 4.12), printed before any listener hears of it.</li>
 * </ul>
 * The events observed by a terminator step ({@code phaseChanged}, {@code terminated},
 * {@code overran}) take that step's {@link Terminator.Steps}: the listener calls are queued there,
 * to run right after the step that observed them, so a turn's records are delivered before the
 * next turn starts (rule 8.2). Nothing here calls back into the coordinator.
 *
 * <p><b>Thread-safety.</b> Thread-safe. The {@link ListenerBroadcast} is made on the first
 * {@code addListener} (double-checked under this reporter's monitor) and then never replaced; a
 * coordinator nobody listens to never loads it, and builds no {@link TerminationRecord}. The
 * field is volatile: a thread that reads it non-null sees the broadcast fully constructed. The
 * broadcast's listener list is copy-on-write; a {@link ShutdownRun} guards its own lists.
 */
final class Reporter {

    /**
     * How long the hook or the watcher waits for the {@code deadlineMissed} listeners (rules 4.8
     * and 4.12).
     */
    static final long LISTENER_WAIT_MILLIS = 1000;

    private final String coordinatorName;
    /** Null until the first listener is added; then set once. */
    private volatile ListenerBroadcast listeners;

    /**
     * Creates the reporter of one coordinator, with no listener.
     *
     * @param coordinatorName the coordinator's name, for events and diagnostic lines
     */
    Reporter(String coordinatorName) {
        this.coordinatorName = coordinatorName;
    }

    /**
     * Adds a listener ({@code addListener}, rule 8.1); the first one makes the broadcast.
     *
     * @param listener the listener, not null
     */
    void addListener(TerminationListener listener) {
        ListenerBroadcast broadcast = listeners;
        if (broadcast == null) {
            synchronized (this) {
                broadcast = listeners;
                if (broadcast == null) {
                    broadcast = new ListenerBroadcast(coordinatorName, this);
                    listeners = broadcast;
                }
            }
        }
        broadcast.add(listener);
    }

    /**
     * Removes a listener ({@code removeListener}).
     *
     * @param listener the listener, not null
     * @return whether it was registered
     */
    boolean removeListener(TerminationListener listener) {
        ListenerBroadcast broadcast = listeners;
        return broadcast != null && broadcast.remove(listener);
    }

    /** Returns the broadcast if any listener is registered now, else {@code null}. */
    private ListenerBroadcast listening() {
        ListenerBroadcast broadcast = listeners;
        return broadcast != null && broadcast.hasListeners() ? broadcast : null;
    }

    /**
     * Reports a phase change (rule 8.1).
     *
     * @param on where the listener calls are queued, right after the current terminator step
     */
    void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger, Terminator.Steps on) {
        FlightRecorderEvents.phaseChanged(coordinatorName, from, to, trigger);
        ListenerBroadcast broadcast = listening();
        if (broadcast != null) {
            broadcast.phaseChanged(from, to, trigger, on);
        }
    }

    /**
     * Reports one callback's outcome (rules 3.4, 3.5, 8.2 and 8.3); called on a terminator
     * thread, before that terminator starts its next step.
     *
     * @param thread whose callback it was
     * @param outcome how it ended
     * @param failure what it threw, if it failed
     * @param took how long it ran, or the bound if it overran
     * @param shutdown the shutdown under way when the callback was invoked, or {@code null}
     * @param turn the terminate-phase turn that invoked it, or {@code null}; an overrun of the
     *     callback is the overrun of its turn (rule 3.4)
     * @param on where the listener calls are queued, to run right after the callback's step
     */
    void callbackFinished(ExecutorThread thread, TerminationOutcome outcome, Throwable failure, Duration took,
                          ShutdownRun shutdown, Turn turn, Terminator.Steps on) {
        if (outcome == TerminationOutcome.OVERRAN && (turn == null || turn.declareOverrun())) {
            overran(shutdown, thread.name(), turn == null ? took : turn.bound(), on);
        }
        ListenerBroadcast broadcast = listening();
        if (outcome == TerminationOutcome.FAILED) {
            if (shutdown != null) {
                shutdown.recordFailure(thread.name(), failure);
            }
            if (broadcast == null) {
                DiagnosticCode.CALLBACK_FAILED.report("termination callback of thread '" + thread.name()
                        + "' (coordinator '" + coordinatorName + "') threw; the other callbacks still run", failure);
            }
        }
        long threadId = thread.thread().getId();
        FlightRecorderEvents.terminated(coordinatorName, thread.name(), threadId, outcome, took);
        if (broadcast != null) {
            broadcast.terminated(new TerminationRecord(thread.name(), threadId, took, outcome,
                    Optional.ofNullable(failure)), on);
        }
    }

    /**
     * Reports a callback that threw after it had been declared overrun (rule 3.12): one
     * {@code TERMINABLE-CALLBACK-FAILED} line and the stack trace, whatever the listeners; no
     * second record, nothing in {@code failures()}.
     *
     * @param thread whose callback it was
     * @param failure what it threw
     */
    void callbackFailedAfterOverrun(ExecutorThread thread, Throwable failure) {
        DiagnosticCode.CALLBACK_FAILED.report("termination callback of thread '" + thread.name()
                + "' (coordinator '" + coordinatorName + "') threw after it had been declared overrun; its outcome"
                + " stays OVERRAN", failure);
    }

    /**
     * Reports the overrun of a turn or of a callback (rule 3.4): recorded in the shutdown's
     * {@code overruns()}, then the JFR event and {@code overran(name, bound)}. The caller has
     * already made sure it is declared once ({@link Turn#declareOverrun()}).
     *
     * @param shutdown the shutdown under way, or {@code null} outside the terminate phase
     * @param unitName the thread's or attached coordinator's name
     * @param bound the bound it overran
     * @param on where the listener calls are queued, right after the current terminator step
     */
    void overran(ShutdownRun shutdown, String unitName, Duration bound, Terminator.Steps on) {
        if (shutdown != null) {
            shutdown.recordOverrun(unitName);
        }
        FlightRecorderEvents.overran(coordinatorName, unitName, bound);
        ListenerBroadcast broadcast = listening();
        if (broadcast != null) {
            broadcast.overran(unitName, bound, on);
        }
    }

    /**
     * Reports an {@code await} whose deadline passed: the JFR event, then {@code deadlineMissed}
     * on the awaiting thread, before {@code await} returns (rules 3.8 and 8.3).
     *
     * @param report the incomplete report
     */
    void deadlineMissed(ShutdownReport report) {
        FlightRecorderEvents.deadlineMissed(coordinatorName, report.trigger(), report.unfinished().size());
        ListenerBroadcast broadcast = listening();
        if (broadcast != null) {
            broadcast.deadlineMissed(report);
        }
    }

    /**
     * Reports a shutdown of the global coordinator that missed its deadline, on the JVM-exit path
     * (rule 4.8) and on the quiescence path (rule 4.12), in the same format: the
     * {@code TERMINABLE-DEADLINE} line and {@link ShutdownReport#describe()} first, so the report
     * exists even if a listener blocks; then the JFR event; then the listeners, on an
     * implementation-owned daemon thread that the caller (hook or watcher) waits for at most
     * {@link #LISTENER_WAIT_MILLIS}.
     *
     * @param report its incomplete report
     * @param what the first line's message after the code
     */
    void deadlineMissedOnExit(ShutdownReport report, String what) {
        DiagnosticCode.DEADLINE.report(what + System.lineSeparator() + report.describe(), null);
        FlightRecorderEvents.deadlineMissed(coordinatorName, report.trigger(), report.unfinished().size());
        ListenerBroadcast broadcast = listening();
        if (broadcast != null) {
            broadcast.deadlineMissedBounded(report, LISTENER_WAIT_MILLIS);
        }
    }

    /**
     * Reports a deferred cleanup action of a loop that threw (rule 5.5); the remaining actions
     * still run.
     *
     * @param loopName the loop's name
     * @param action the action
     * @param failure what it threw
     */
    void cleanupFailed(String loopName, AutoCloseable action, Throwable failure) {
        DiagnosticCode.CLEANUP_FAILED.report("cleanup action " + action + " of background loop '"
                + loopName + "' threw; the remaining cleanup actions still run", failure);
    }

    /**
     * Reports a listener that threw (rule 8.4); it stays registered and the other listeners
     * still receive the event.
     *
     * @param listener the listener
     * @param method the listener method it threw from
     * @param failure what it threw
     */
    void listenerFailed(TerminationListener listener, String method, Throwable failure) {
        DiagnosticCode.LISTENER_FAILED.report("listener " + listener + " (" + listener.getClass().getName()
                + ") of coordinator '" + coordinatorName + "' threw from " + method
                + "; it stays registered and shutdown continues", failure);
    }

    /**
     * Reports a listener that did not return within the callback timeout (rule 8.4); it is left
     * running on its abandoned terminator thread.
     *
     * @param listener the listener
     * @param method the listener method it is still in
     */
    void listenerOverran(TerminationListener listener, String method) {
        DiagnosticCode.LISTENER_FAILED.report("listener " + listener + " (" + listener.getClass().getName()
                + ") of coordinator '" + coordinatorName + "' did not return from " + method
                + " within the callback timeout; it is left running and shutdown continues", null);
    }
}
