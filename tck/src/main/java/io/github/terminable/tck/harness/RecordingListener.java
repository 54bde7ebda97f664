package io.github.terminable.tck.harness;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A listener that remembers everything it is told, for observability assertions (section 8).
 *
 * <p>Thread-safe: listeners may be called concurrently from implementation threads.
 */
public final class RecordingListener implements TerminationListener {

    /**
     * A phase change.
     *
     * @param from previous phase
     * @param to new phase
     * @param trigger what began the shutdown
     */
    public record PhaseChange(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
    }

    /**
     * An overrun notification.
     *
     * @param threadName whose turn (or, outside the terminate phase, whose callback) overran
     * @param bound the bound it exceeded
     */
    public record Overrun(String threadName, Duration bound) {
    }

    private final List<PhaseChange> phases = new ArrayList<>();
    private final List<TerminationRecord> terminations = new ArrayList<>();
    private final List<Overrun> overruns = new ArrayList<>();
    private final List<ShutdownReport> missedDeadlines = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    @Override
    public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        synchronized (this) {
            phases.add(new PhaseChange(from, to, trigger));
            events.add("phase:" + from + "->" + to);
        }
    }

    @Override
    public void terminated(TerminationRecord record) {
        synchronized (this) {
            terminations.add(record);
            events.add("terminated:" + record.threadName() + ":" + record.outcome());
            notifyAll(); // wakes awaitTerminations()
        }
    }

    @Override
    public void overran(String threadName, Duration bound) {
        synchronized (this) {
            overruns.add(new Overrun(threadName, bound));
            events.add("overran:" + threadName);
        }
    }

    @Override
    public void deadlineMissed(ShutdownReport report) {
        synchronized (this) {
            missedDeadlines.add(report);
            events.add("deadline-missed:" + report.unfinished().size());
        }
    }

    /**
     * Returns every notification so far, in arrival order, as {@code phase:FROM->TO},
     * {@code terminated:<thread>:<OUTCOME>}, {@code overran:<thread>} or
     * {@code deadline-missed:<unfinished count>}.
     *
     * @return a snapshot in order
     */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the phase changes so far.
     *
     * @return a snapshot in order
     */
    public synchronized List<PhaseChange> phases() {
        return List.copyOf(phases);
    }

    /**
     * Returns the termination records so far.
     *
     * @return a snapshot in order
     */
    public synchronized List<TerminationRecord> terminations() {
        return List.copyOf(terminations);
    }

    /**
     * Returns the termination records of one thread.
     *
     * @param threadName the thread's name
     * @return its records, in order
     */
    public synchronized List<TerminationRecord> terminationsOf(String threadName) {
        return terminations.stream().filter(r -> r.threadName().equals(threadName)).toList();
    }

    /**
     * Waits until {@code done} holds, or the window has passed. Each termination record's arrival
     * wakes the waiter, which re-tests {@code done}.
     *
     * @param done the condition, typically over {@link #terminationsOf}; tested with this
     *        listener's lock held, so it must not block
     * @param window how long to wait at most
     * @return whether {@code done} held before the window passed
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean awaitTerminations(BooleanSupplier done, Duration window)
            throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Returns the overrun notifications so far.
     *
     * @return a snapshot in order
     */
    public synchronized List<Overrun> overruns() {
        return List.copyOf(overruns);
    }

    /**
     * Returns the reports of missed deadlines so far.
     *
     * @return a snapshot in order
     */
    public synchronized List<ShutdownReport> missedDeadlines() {
        return List.copyOf(missedDeadlines);
    }
}
