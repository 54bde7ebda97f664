package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationRecord;

import java.time.Duration;

/**
 * Emits this implementation's flight-recorder events (rule 8.5): {@link PhaseChangeEvent}
 * ({@code io.github.terminable.PhaseChange}: coordinator, from, to, trigger, elapsed),
 * {@link TerminationEvent} ({@code io.github.terminable.Termination}: one per callback record,
 * overruns included), {@link OverrunEvent} ({@code io.github.terminable.Overrun}: coordinator,
 * threadName, bound; one per overrun turn or out-of-phase callback) and
 * {@link DeadlineMissedEvent} ({@code io.github.terminable.DeadlineMissed}: coordinator, trigger,
 * unfinishedThreads, elapsed; one per missed deadline of an await, the watcher or the hook), all
 * in the category "Terminable".
 *
 * <p>The module requires {@code jdk.jfr}. On the class path of a trimmed run-time image without
 * that module, the events are silently disabled instead of failing: the event classes are only
 * touched after the check below.
 *
 * <p>No event class is touched either until the flight recorder has been initialised
 * ({@link jdk.jfr.FlightRecorder#isInitialized()}: true once any recording has been created, by
 * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the {@code jdk.jfr} API; it is a
 * plain read that initialises nothing). Creating the first event object initialises JFR's
 * metadata even when nothing records, which cost ~100 ms on the exit path of every process
 * (benchmarks/RESULTS.md, row 5). With a recording running the recorder is initialised, so the
 * events are created and committed as before (rule 8.5); a recording that starts later sees every
 * event from then on, because the check is made per event.
 *
 * <p><b>Thread-safety.</b> Stateless after class initialisation; safe from any thread. Each event
 * object is created and committed by the calling thread.
 */
final class FlightRecorderEvents {

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private FlightRecorderEvents() {
    }

    /**
     * Whether events may be created: {@code jdk.jfr} is present and the recorder has been
     * initialised. {@code FlightRecorder} is only resolved when the module is present.
     *
     * @return true if an event object may be created
     */
    static boolean enabled() {
        return AVAILABLE && jdk.jfr.FlightRecorder.isInitialized();
    }

    static void phaseChanged(String coordinator, CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger,
                             Duration elapsed) {
        if (!enabled()) {
            return;
        }
        PhaseChangeEvent event = new PhaseChangeEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.trigger = trigger.name();
            event.from = from.name();
            event.to = to.name();
            event.elapsed = Arguments.toNanosSaturated(elapsed);
            event.commit();
        }
    }

    static void deadlineMissed(String coordinator, ShutdownReport report) {
        if (!enabled()) {
            return;
        }
        DeadlineMissedEvent event = new DeadlineMissedEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.trigger = report.trigger().name();
            event.unfinishedThreads = report.unfinished().size();
            event.elapsed = Arguments.toNanosSaturated(report.elapsed());
            event.commit();
        }
    }

    static void overran(String coordinator, String unitName, Duration bound) {
        if (!enabled()) {
            return;
        }
        OverrunEvent event = new OverrunEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.threadName = unitName;
            event.bound = Arguments.toNanosSaturated(bound);
            event.commit();
        }
    }

    static void terminated(String coordinator, TerminationRecord record) {
        if (!enabled()) {
            return;
        }
        TerminationEvent event = new TerminationEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.threadName = record.threadName();
            event.threadId = record.threadId();
            event.outcome = record.outcome().name();
            event.callbackDuration = Arguments.toNanosSaturated(record.duration());
            event.failure = record.failure().map(String::valueOf).orElse(null);
            event.commit();
        }
    }
}
