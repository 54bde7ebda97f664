package io.github.terminable.executor;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * The JFR event types of rule 8.5; loaded only through {@link FlightRecorderEvents} once it has
 * checked that {@code jdk.jfr} is available, and each event class used only once the flight
 * recorder has been started. Every type name begins with
 * {@code io.github.terminable.}.
 *
 * <p>Each event gets its fields from its constructor and is then committed: {@code commit()}
 * writes nothing when the event type is disabled, and the fields are cheap to set, so no
 * {@code isEnabled()} check comes first.
 *
 * <p><b>Thread-safety.</b> Events are created per use and confined to the emitting thread.
 */
final class FlightRecorderEventTypes {

    private FlightRecorderEventTypes() {
    }

    /**
     * Whether the flight recorder has been started; reads a static flag and initialises nothing
     * (only {@code jdk.jfr.FlightRecorder} itself is loaded).
     */
    static boolean recorderInitialized() {
        return FlightRecorder.isInitialized();
    }

    /**
     * Links and initialises the event classes; called by the first guarded use, once the
     * recorder runs, so that a broken {@code jdk.jfr} shows up before an event is emitted.
     * Idempotent.
     */
    static void touch() {
        new PhaseChange().isEnabled();
    }

    static void phaseChanged(String coordinator, String from, String to, String trigger) {
        new PhaseChange(coordinator, from, to, trigger).commit();
    }

    static void terminated(String coordinator, String threadName, long threadId, String outcome, long durationNanos) {
        new Termination(coordinator, threadName, threadId, outcome, durationNanos).commit();
    }

    static void overran(String coordinator, String threadName, long boundNanos) {
        new Overrun(coordinator, threadName, boundNanos).commit();
    }

    static void deadlineMissed(String coordinator, String trigger, int unfinishedThreads) {
        new DeadlineMissed(coordinator, trigger, unfinishedThreads).commit();
    }

    /** A coordinator's phase changed. */
    @Name("io.github.terminable.PhaseChange")
    @Label("Terminable Phase Change")
    @Category({"Terminable"})
    @Description("A termination coordinator moved to its next phase")
    static final class PhaseChange extends Event {
        @Label("Coordinator")
        String coordinator;
        @Label("From")
        String from;
        @Label("To")
        String to;
        @Label("Trigger")
        String trigger;

        /** An empty event, never committed: {@link #touch()} links the event classes with it. */
        PhaseChange() {
        }

        PhaseChange(String coordinator, String from, String to, String trigger) {
            this.coordinator = coordinator;
            this.from = from;
            this.to = to;
            this.trigger = trigger;
        }
    }

    /** One termination callback returned, threw or overran. */
    @Name("io.github.terminable.Termination")
    @Label("Terminable Termination")
    @Category({"Terminable"})
    @Description("A termination callback returned, threw or overran its bound")
    static final class Termination extends Event {
        @Label("Coordinator")
        String coordinator;
        @Label("Thread Name")
        String threadName;
        @Label("Thread Id")
        long threadId;
        @Label("Outcome")
        String outcome;
        @Label("Callback Duration")
        @Timespan(Timespan.NANOSECONDS)
        long callbackDuration;

        Termination(String coordinator, String threadName, long threadId, String outcome, long callbackDuration) {
            this.coordinator = coordinator;
            this.threadName = threadName;
            this.threadId = threadId;
            this.outcome = outcome;
            this.callbackDuration = callbackDuration;
        }
    }

    /**
     * A turn of the terminate phase (callback and wait for the unit's end), or a callback outside
     * it, exceeded its bound (rule 3.4).
     */
    @Name("io.github.terminable.Overrun")
    @Label("Terminable Overrun")
    @Category({"Terminable"})
    @Description("A terminate-phase turn (callback and wait for the end) or a callback exceeded its bound")
    static final class Overrun extends Event {
        @Label("Coordinator")
        String coordinator;
        @Label("Thread Name")
        String threadName;
        @Label("Bound")
        @Timespan(Timespan.NANOSECONDS)
        long bound;

        Overrun(String coordinator, String threadName, long bound) {
            this.coordinator = coordinator;
            this.threadName = threadName;
            this.bound = bound;
        }
    }

    /**
     * An await on the completion handle timed out, or the JVM exit hook or the quiescence watcher
     * missed the shutdown deadline (rules 3.8, 4.8 and 4.12).
     */
    @Name("io.github.terminable.DeadlineMissed")
    @Label("Terminable Deadline Missed")
    @Category({"Terminable"})
    @Description("A shutdown was awaited with a deadline that passed before every thread ended")
    static final class DeadlineMissed extends Event {
        @Label("Coordinator")
        String coordinator;
        @Label("Trigger")
        String trigger;
        @Label("Unfinished Threads")
        int unfinishedThreads;

        DeadlineMissed(String coordinator, String trigger, int unfinishedThreads) {
            this.coordinator = coordinator;
            this.trigger = trigger;
            this.unfinishedThreads = unfinishedThreads;
        }
    }
}
