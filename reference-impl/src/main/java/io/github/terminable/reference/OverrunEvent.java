package io.github.terminable.reference;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Flight-recorder event: a unit's turn, or a callback outside the terminate phase, exceeded its
 * bound (rules 2.7, 3.4 and 8.5). {@code threadName} is the thread's name, or the attached
 * coordinator's name for the turn of an attached coordinator.
 *
 * <p><b>Thread-safety.</b> Like every JFR event object: created, filled and committed on one
 * thread.
 */
@Name("io.github.terminable.Overrun")
@Label("Terminable Overrun")
@Category({"Terminable"})
@Description("A terminable thread's turn or termination callback, or an attached coordinator's turn, exceeded its bound")
@StackTrace(false)
final class OverrunEvent extends Event {

    @Label("Coordinator")
    String coordinator;

    @Label("Thread Name")
    @Description("Name of the terminable thread, or of the attached coordinator, that overran")
    String threadName;

    @Label("Bound")
    @Description("The bound that elapsed")
    @Timespan(Timespan.NANOSECONDS)
    long bound;
}
