package io.github.terminable.reference;

import io.github.terminable.CallbackFailure;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.UnfinishedThread;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one completion handle of a coordinator's shutdown (rules 3.1, 3.7 and 3.8).
 *
 * <p>Created by the coordinator when shutdown begins and returned to every caller of
 * {@code shutdown()}. It is completed once, by {@link #complete()}, after the coordinator has
 * invoked every callback of the shutdown and every registered thread has ended. Failures and
 * overruns of callbacks seen during the shutdown are collected for the reports.
 *
 * <p><b>Thread-safety.</b> Safe from any thread, including callbacks (rule 3.9).
 *
 * <p><b>Memory consistency.</b> The final report is written before the latch is released, and
 * every terminable thread's actions <i>happen-before</i> its deregistration, which happens-before
 * completion; so they <i>happen-before</i> {@link #isDone()} returning {@code true} and
 * {@link #await} returning a completed report.
 *
 * <p>Two further one-shot signals serve the JVM-wide paths (rules 4.8, 4.11 and 4.12):
 * {@code holdRelease} opens at completion or when a missed deadline has been reported (whichever
 * is first); the last terminable thread on the quiescence path, and the JVM exit hook, wait on it.
 * {@code deadlineReported} is claimed by whoever reports the missed deadline first (the watcher
 * or the hook), so the {@code TERMINABLE-DEADLINE} line is printed at most once.
 */
final class ReferenceShutdownCompletion implements ShutdownCompletion {

    private final ReferenceCoordinator coordinator;
    private final ShutdownTrigger trigger;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch done = new CountDownLatch(1);
    /** Opens at completion or at the first deadline report (rule 4.11). */
    private final CountDownLatch holdRelease = new CountDownLatch(1);
    private final AtomicBoolean deadlineReported = new AtomicBoolean();
    private final CompletableFuture<ShutdownReport> stage = new CompletableFuture<>();
    /** Guarded by this. */
    private final List<CallbackFailure> failures = new ArrayList<>();
    /** Guarded by this. */
    private final List<String> overruns = new ArrayList<>();
    /** Set once, under this, before {@code done} is released. */
    private ShutdownReport finalReport;

    ReferenceShutdownCompletion(ReferenceCoordinator coordinator, ShutdownTrigger trigger) {
        this.coordinator = coordinator;
        this.trigger = trigger;
    }

    @Override
    public ShutdownTrigger trigger() {
        return trigger;
    }

    @Override
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the deadline passes first, the report names every registered thread that has not
     * ended, with its stack, and the coordinator's listeners are told {@code deadlineMissed}
     * on the calling thread before this method returns (rule 8.3).
     */
    @Override
    public ShutdownReport await(Duration deadline) throws InterruptedException {
        long nanos = Durations.toNanosSaturated(Durations.requirePositive("deadline", deadline));
        if (done.await(nanos, TimeUnit.NANOSECONDS)) {
            return completedReport();
        }
        ShutdownReport report = currentReport();
        if (report.completed()) {
            return report;
        }
        coordinator.deadlineMissed(report);
        return report;
    }

    /**
     * Returns the final report if the shutdown has completed, else a report of what is still
     * unfinished (own threads, then those of attached coordinators, rule 2.7); tells nobody.
     *
     * @return the report
     */
    ShutdownReport currentReport() {
        List<UnfinishedThread> unfinished = coordinator.unfinishedThreads();
        synchronized (this) {
            if (finalReport != null) {
                return finalReport;
            }
            return new ShutdownReport(trigger, false, elapsed(), unfinished, List.copyOf(failures), List.copyOf(overruns));
        }
    }

    /**
     * Waits until the shutdown has completed or {@code deadlineNanos} has passed; tells nobody.
     * Interrupts are ignored and restored on return.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return whether it completed
     */
    boolean awaitDone(long deadlineNanos) {
        return awaitLatch(done, deadlineNanos);
    }

    /**
     * Waits until the hold is released (completion or a deadline report) or
     * {@code deadlineNanos} has passed. Interrupts are ignored and restored on return.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return whether the hold was released
     */
    boolean awaitHoldRelease(long deadlineNanos) {
        return awaitLatch(holdRelease, deadlineNanos);
    }

    /** Releases the hold of rule 4.11: a missed deadline has been reported. */
    void releaseHold() {
        holdRelease.countDown();
    }

    /**
     * Claims the one report of a missed deadline (rules 4.8 and 4.12).
     *
     * @return true for the first caller only
     */
    boolean claimDeadlineReport() {
        return deadlineReported.compareAndSet(false, true);
    }

    /** Returns whether a missed deadline has been reported. */
    boolean deadlineReported() {
        return deadlineReported.get();
    }

    /** Returns when the shutdown began, as a {@link System#nanoTime()} value. */
    long startNanos() {
        return startNanos;
    }

    private static boolean awaitLatch(CountDownLatch latch, long deadlineNanos) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return latch.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public CompletionStage<ShutdownReport> toCompletionStage() {
        return stage.minimalCompletionStage();
    }

    /** Records a callback failure seen during this shutdown (rule 3.5). */
    synchronized void addFailure(CallbackFailure failure) {
        if (finalReport == null) {
            failures.add(failure);
        }
    }

    /** Records a callback overrun seen during this shutdown (rule 3.4). */
    synchronized void addOverrun(String threadName) {
        if (finalReport == null) {
            overruns.add(threadName);
        }
    }

    /** Returns the time since the shutdown began. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Waits until the hold of rule 4.11 is released: completion or a reported missed deadline.
     * Ignores interrupts (restored on return).
     */
    void awaitHoldReleaseUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                holdRelease.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes the handle; later calls do nothing. */
    void complete() {
        ShutdownReport report;
        synchronized (this) {
            if (finalReport != null) {
                return;
            }
            report = new ShutdownReport(trigger, true, elapsed(), List.of(), List.copyOf(failures), List.copyOf(overruns));
            finalReport = report;
        }
        done.countDown();
        holdRelease.countDown();
        stage.complete(report);
    }

    private synchronized ShutdownReport completedReport() {
        return finalReport;
    }

    @Override
    public String toString() {
        return "ShutdownCompletion[" + coordinator.name() + ", " + trigger + (isDone() ? ", done" : ", pending") + "]";
    }
}
