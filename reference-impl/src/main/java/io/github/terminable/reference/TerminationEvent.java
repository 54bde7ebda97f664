package io.github.terminable.reference;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Flight-recorder event: one termination callback finished, failed or overran its bound (rules
 * 8.2, 8.3 and 8.5).
 *
 * <p><b>Thread-safety.</b> Like every JFR event object: created, filled and committed on one
 * thread.
 */
@Name("io.github.terminable.Termination")
@Label("Terminable Thread Termination")
@Category({"Terminable"})
@Description("A termination callback of a terminable thread finished, failed or overran its bound")
@StackTrace(false)
final class TerminationEvent extends Event {

    @Label("Coordinator")
    String coordinator;

    @Label("Thread Name")
    @Description("Name of the terminable thread being terminated")
    String threadName;

    @Label("Thread Id")
    long threadId;

    @Label("Outcome")
    @Description("COMPLETED, FAILED or OVERRAN")
    String outcome;

    @Label("Callback Duration")
    @Description("How long the callback ran; the bound if it overran")
    @Timespan(Timespan.NANOSECONDS)
    long callbackDuration;

    @Label("Failure")
    @Description("What the callback threw, if it failed")
    String failure;
}
