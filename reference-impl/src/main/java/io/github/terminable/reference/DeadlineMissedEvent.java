package io.github.terminable.reference;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Flight-recorder event: a shutdown's deadline passed before it completed: an await on its
 * completion handle timed out, or the quiescence watcher or the JVM exit hook reported the missed
 * {@code shutdownDeadline} (rules 3.8, 4.8, 4.12, 8.3 and 8.5).
 *
 * <p><b>Thread-safety.</b> Like every JFR event object: created, filled and committed on one
 * thread.
 */
@Name("io.github.terminable.DeadlineMissed")
@Label("Terminable Deadline Missed")
@Category({"Terminable"})
@Description("A shutdown of a terminable coordinator was awaited with a deadline that passed first")
@StackTrace(false)
final class DeadlineMissedEvent extends Event {

    @Label("Coordinator")
    String coordinator;

    @Label("Trigger")
    String trigger;

    @Label("Unfinished Threads")
    @Description("Number of registered threads that had not ended")
    int unfinishedThreads;

    @Label("Elapsed")
    @Description("Time since the shutdown began")
    @Timespan(Timespan.NANOSECONDS)
    long elapsed;
}
