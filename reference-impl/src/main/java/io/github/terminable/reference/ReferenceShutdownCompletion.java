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
 */
final class ReferenceShutdownCompletion implements ShutdownCompletion {

    private final ReferenceCoordinator coordinator;
    private final ShutdownTrigger trigger;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch done = new CountDownLatch(1);
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
        List<UnfinishedThread> unfinished = coordinator.unfinishedThreads();
        ShutdownReport report;
        synchronized (this) {
            if (finalReport != null) {
                return finalReport;
            }
            report = new ShutdownReport(trigger, false, elapsed(), unfinished, List.copyOf(failures), List.copyOf(overruns));
        }
        coordinator.deadlineMissed(report);
        return report;
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

    /** Waits until the handle completes, ignoring interrupts (restored on return). */
    void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
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
