package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationOutcome;

import java.time.Duration;

/**
 * Emits the Java Flight Recorder events of rule 8.5, when the runtime has {@code jdk.jfr}.
 *
 * <p><b>Overview.</b> The module declares {@code requires static jdk.jfr}: the events are used
 * only if {@code jdk.jfr} is present in the run-time image and readable, which is checked once.
 * Otherwise every method here does nothing. The event classes themselves live in
 * {@link FlightRecorderEventTypes}, which is loaded only when the check succeeded, so a runtime
 * without {@code jdk.jfr} never sees a reference to it. Each event is created and committed only
 * when a recording has enabled it, so the cost without a recording is one volatile read.
 *
 * <p><b>Thread-safety.</b> Stateless apart from the availability flag, computed once.
 */
final class FlightRecorderEvents {

    private static final boolean AVAILABLE = probe();

    private FlightRecorderEvents() {
    }

    private static boolean probe() {
        try {
            Module jfr = ModuleLayer.boot().findModule("jdk.jfr").orElse(null);
            if (jfr == null || !FlightRecorderEvents.class.getModule().canRead(jfr)) {
                return false;
            }
            FlightRecorderEventTypes.touch();
            return true;
        } catch (LinkageError | RuntimeException unavailable) {
            return false;
        }
    }

    static void phaseChanged(String coordinator, CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        if (AVAILABLE) {
            FlightRecorderEventTypes.phaseChanged(coordinator, from.name(), to.name(), trigger.name());
        }
    }

    static void terminated(String coordinator, String threadName, long threadId, TerminationOutcome outcome,
                           Duration callbackDuration) {
        if (AVAILABLE) {
            FlightRecorderEventTypes.terminated(coordinator, threadName, threadId, outcome.name(),
                    Arguments.saturatedNanos(callbackDuration));
        }
    }

    static void callbackOverran(String coordinator, String threadName, Duration bound) {
        if (AVAILABLE) {
            FlightRecorderEventTypes.callbackOverran(coordinator, threadName, Arguments.saturatedNanos(bound));
        }
    }

    static void deadlineMissed(String coordinator, int unfinishedThreads) {
        if (AVAILABLE) {
            FlightRecorderEventTypes.deadlineMissed(coordinator, unfinishedThreads);
        }
    }
}
