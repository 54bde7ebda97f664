package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationRecord;

import java.time.Duration;

/**
 * Emits this implementation's flight-recorder events (rule 8.5): {@link ShutdownPhaseEvent}
 * ({@code io.github.terminable.ShutdownPhase}), {@link TerminationEvent}
 * ({@code io.github.terminable.Termination}, which also records overruns) and
 * {@link DeadlineMissedEvent} ({@code io.github.terminable.DeadlineMissed}), all in the category
 * "Terminable".
 *
 * <p>The module requires {@code jdk.jfr}. On the class path of a trimmed run-time image without
 * that module, the events are silently disabled instead of failing: the event classes are only
 * touched after the check below.
 *
 * <p><b>Thread-safety.</b> Stateless after class initialisation; safe from any thread. Each event
 * object is created and committed by the calling thread.
 */
final class JfrEvents {

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private JfrEvents() {
    }

    static void phaseChanged(String coordinator, CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger,
                             Duration elapsed) {
        if (!AVAILABLE) {
            return;
        }
        ShutdownPhaseEvent event = new ShutdownPhaseEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.trigger = trigger.name();
            event.fromPhase = from.name();
            event.toPhase = to.name();
            event.elapsed = Durations.toNanosSaturated(elapsed);
            event.commit();
        }
    }

    static void deadlineMissed(String coordinator, ShutdownReport report) {
        if (!AVAILABLE) {
            return;
        }
        DeadlineMissedEvent event = new DeadlineMissedEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.trigger = report.trigger().name();
            event.unfinishedThreads = report.unfinished().size();
            event.elapsed = Durations.toNanosSaturated(report.elapsed());
            event.commit();
        }
    }

    static void terminated(String coordinator, TerminationRecord record) {
        if (!AVAILABLE) {
            return;
        }
        TerminationEvent event = new TerminationEvent();
        if (event.shouldCommit()) {
            event.coordinator = coordinator;
            event.threadName = record.threadName();
            event.threadId = record.threadId();
            event.outcome = record.outcome().name();
            event.callbackDuration = Durations.toNanosSaturated(record.duration());
            event.failure = record.failure().map(String::valueOf).orElse(null);
            event.commit();
        }
    }
}
