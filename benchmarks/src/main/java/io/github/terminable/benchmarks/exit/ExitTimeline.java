package io.github.terminable.benchmarks.exit;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.util.Locale;

/**
 * A diagnostic for {@link TerminableLoopsMain} (option {@code --timeline}): where the time between
 * {@code main} returning and the JVM's own shutdown hooks goes. It listens to the JVM-wide
 * coordinator and prints, from a JVM shutdown hook, the milestones in milliseconds after
 * {@code main} returned. Never used in timed runs.
 *
 * <p><b>Thread-safety.</b> The listener is called on implementation threads; every field is
 * volatile and written once (the callback totals only by the single terminate-phase thread).
 */
final class ExitTimeline implements TerminationListener {

    private final long mainStarted = System.nanoTime();
    private volatile long mainReturned;
    private volatile long terminating;
    private volatile long firstTermination;
    private volatile long lastTermination;
    private volatile long terminated;
    private volatile int terminations;
    private volatile long callbackNanos;

    /**
     * Starts listening to {@code coordinator}.
     *
     * @param coordinator the JVM-wide coordinator
     * @return the timeline
     */
    static ExitTimeline listenTo(TerminationCoordinator coordinator) {
        ExitTimeline timeline = new ExitTimeline();
        coordinator.addListener(timeline);
        return timeline;
    }

    /** Records that {@code main} is about to return, and prints the timeline when the JVM exits. */
    void mainReturns() {
        mainReturned = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(this::print, "exit-timeline"));
    }

    @Override
    public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        if (to == CoordinatorPhase.TERMINATING) {
            terminating = System.nanoTime();
        } else if (to == CoordinatorPhase.TERMINATED) {
            terminated = System.nanoTime();
        }
    }

    @Override
    public void terminated(TerminationRecord record) {
        long now = System.nanoTime();
        if (terminations == 0) {
            firstTermination = now;
        }
        lastTermination = now;
        callbackNanos += record.duration().toNanos();
        terminations++;
    }

    private void print() {
        long hook = System.nanoTime();
        System.out.println(String.format(Locale.ROOT, "timeline (ms): main ran %.1f; after main returned:"
                        + " TERMINATING announced %.1f, first termination %.1f, last termination %.1f"
                        + " (%d callbacks, %.1f ms inside callbacks), TERMINATED %.1f, JVM hooks %.1f",
                ms(mainReturned - mainStarted), since(terminating), since(firstTermination), since(lastTermination),
                terminations, callbackNanos / 1e6, since(terminated), since(hook)));
    }

    private double since(long t) {
        return t == 0 ? Double.NaN : ms(t - mainReturned);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
