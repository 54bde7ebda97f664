package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationOutcome;

import java.time.Duration;

/**
 * Emits the Java Flight Recorder events of rule 8.5, when the runtime has {@code jdk.jfr} and the
 * flight recorder is running.
 *
 * <p><b>Overview.</b> The module declares {@code requires static jdk.jfr}: the events are used
 * only if {@code jdk.jfr} is present in the run-time image and readable, which is checked once
 * ({@link #AVAILABLE}, a module look-up that touches no {@code jdk.jfr} class). Otherwise every
 * method here does nothing. The event classes themselves live in
 * {@link FlightRecorderEventTypes}, which is loaded only when the check succeeded, so a runtime
 * without {@code jdk.jfr} never sees a reference to it.
 *
 * <p>Every event is further guarded by {@code jdk.jfr.FlightRecorder.isInitialized()}, a read
 * of a static boolean that loads one class and initialises nothing; it turns {@code true} once
 * the flight recorder has been started by any means ({@code -XX:StartFlightRecording},
 * {@code jcmd JFR.start}, {@code new Recording().start()}) and stays {@code true}. Until then no
 * event class is touched: the first use of an event class initialises the JFR metadata, about
 * 100 ms that would otherwise land on the first shutdown, often at JVM exit. With a recorder
 * running, the events are created, and committed when a recording enables them, as rule 8.5
 * requires. A {@link LinkageError} on the first guarded use switches the events off for good.
 *
 * <p><b>Thread-safety.</b> Stateless apart from the availability flag, computed once, and the
 * {@link #broken} and {@link #linked} flags, benign racy latches (several threads may set one;
 * all write {@code true}).
 */
final class FlightRecorderEvents {

    /** Whether {@code jdk.jfr} is in the image and readable; touches no {@code jdk.jfr} class. */
    private static final boolean AVAILABLE = probe();
    /** Set once an event type failed to link; then no event is emitted any more. */
    private static volatile boolean broken;
    /** Set once the event classes were linked and initialised by the first guarded use. */
    private static volatile boolean linked;

    private FlightRecorderEvents() {
    }

    private static boolean probe() {
        try {
            Module jfr = ModuleLayer.boot().findModule("jdk.jfr").orElse(null);
            return jfr != null && FlightRecorderEvents.class.getModule().canRead(jfr);
        } catch (RuntimeException unavailable) {
            return false;
        }
    }

    /**
     * Whether events may be created now: {@code jdk.jfr} is usable and the flight recorder has
     * been started. The first {@code true} also links and initialises the event classes, so a
     * broken {@code jdk.jfr} shows up here and not in the middle of a shutdown.
     */
    private static boolean recording() {
        if (!AVAILABLE || broken) {
            return false;
        }
        try {
            if (!FlightRecorderEventTypes.recorderInitialized()) {
                return false;
            }
            if (!linked) {
                FlightRecorderEventTypes.touch(); // racing first uses may both touch: harmless
                linked = true;
            }
            return true;
        } catch (LinkageError | RuntimeException unusable) {
            broken = true;
            return false;
        }
    }

    static void phaseChanged(String coordinator, CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        if (recording()) {
            FlightRecorderEventTypes.phaseChanged(coordinator, from.name(), to.name(), trigger.name());
        }
    }

    static void terminated(String coordinator, String threadName, long threadId, TerminationOutcome outcome,
                           Duration callbackDuration) {
        if (recording()) {
            FlightRecorderEventTypes.terminated(coordinator, threadName, threadId, outcome.name(),
                    Arguments.saturatedNanos(callbackDuration));
        }
    }

    static void overran(String coordinator, String threadName, Duration bound) {
        if (recording()) {
            FlightRecorderEventTypes.overran(coordinator, threadName, Arguments.saturatedNanos(bound));
        }
    }

    static void deadlineMissed(String coordinator, ShutdownTrigger trigger, int unfinishedThreads) {
        if (recording()) {
            FlightRecorderEventTypes.deadlineMissed(coordinator, trigger.name(), unfinishedThreads);
        }
    }
}
