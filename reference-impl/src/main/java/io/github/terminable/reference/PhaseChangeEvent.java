package io.github.terminable.reference;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Flight-recorder event: a coordinator moved from one shutdown phase to the next (rules 8.1 and
 * 8.5). Emitted once when shutdown begins ({@code OPEN -> TERMINATING}, elapsed 0) and once when
 * it completes ({@code TERMINATING -> TERMINATED}, elapsed = the whole shutdown).
 *
 * <p><b>Thread-safety.</b> Like every JFR event object: created, filled and committed on one
 * thread.
 */
@Name("io.github.terminable.PhaseChange")
@Label("Terminable Shutdown Phase")
@Category({"Terminable"})
@Description("A terminable coordinator moved from one shutdown phase to the next")
@StackTrace(false)
final class PhaseChangeEvent extends Event {

    @Label("Coordinator")
    @Description("Name of the coordinator")
    String coordinator;

    @Label("Trigger")
    @Description("What began the shutdown: QUIESCENCE, JVM_EXIT or EXPLICIT")
    String trigger;

    @Label("From Phase")
    String from;

    @Label("To Phase")
    String to;

    @Label("Elapsed")
    @Description("Time since the shutdown began")
    @Timespan(Timespan.NANOSECONDS)
    long elapsed;
}
