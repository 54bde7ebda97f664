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
 * <p><b>Memory consistency.</b> What the final report holds (the failures, the overruns and the
 * elapsed time) is settled under this object's monitor before {@code done} is set, and every
 * terminable thread's actions <i>happen-before</i> its deregistration, which happens-before
 * completion; so they <i>happen-before</i> {@link #isDone()} returning {@code true} and
 * {@link #await} returning a completed report.
 *
 * <p>Two further one-shot signals serve the JVM-wide paths (rules 4.8, 4.11 and 4.12):
 * {@code holdRelease} opens at completion or when a missed deadline has been reported (whichever
 * is first); the last terminable thread on the quiescence path, and the JVM exit hook, wait on it.
 * {@code deadlineReported} is claimed by whoever reports the missed deadline first (the watcher
 * or the hook), so the {@code TERMINABLE-DEADLINE} line is printed at most once.
 *
 * <p>All three signals are flags guarded by this object's monitor, waited for with
 * {@code wait}/{@code notifyAll}; {@code done} is also volatile, for {@link #isDone()}. No latch
 * and no {@link CompletableFuture} is created on the exit path of a process: the stage that
 * {@link #toCompletionStage()} returns is created on the first call, and completed at once if the
 * shutdown has already completed (benchmarks/RESULTS.md, row 5).
 */
final class ReferenceShutdownCompletion implements ShutdownCompletion {

    /** What a report needs of the coordinator: its threads that have not ended, with stacks. */
    interface Unfinished {
        /**
         * Returns the registered threads that have not ended, then those of the attached
         * coordinators (rules 2.7 and 3.8).
         *
         * @return the unfinished threads
         */
        List<UnfinishedThread> unfinishedThreads();
    }

    private final String coordinatorName;
    /** Tells the listeners of a missed await deadline (rule 8.3). */
    private final Reporter reporter;
    private final Unfinished unfinished;
    private final ShutdownTrigger trigger;
    private final long startNanos = System.nanoTime();
    /** Set once, under this, when the shutdown completes; volatile for {@link #isDone()}. */
    private volatile boolean done;
    /** Opens at completion or at the first deadline report (rule 4.11). Guarded by this. */
    private boolean holdReleased;
    /** Claimed by the first reporter of a missed deadline. Guarded by this. */
    private boolean deadlineReported;
    /** Created by the first {@link #toCompletionStage()}, else null. Guarded by this. */
    private CompletableFuture<ShutdownReport> stage;
    /** Guarded by this. */
    private final List<CallbackFailure> failures = new ArrayList<>();
    /** Guarded by this. */
    private final List<String> overruns = new ArrayList<>();
    /** How long the shutdown took; set once, under this, with {@code done}. */
    private long completedAfterNanos;
    /**
     * The final report, built under this on first need from {@code completedAfterNanos} and the
     * lists (frozen once {@code done}): a process that exits asks for none, so none is built.
     */
    private ShutdownReport finalReport;

    /**
     * Creates the handle of a shutdown that begins now.
     *
     * @param coordinatorName the coordinator's name
     * @param reporter the coordinator's reporter
     * @param unfinished where the reports find the unfinished threads
     * @param trigger what began the shutdown
     */
    ReferenceShutdownCompletion(String coordinatorName, Reporter reporter, Unfinished unfinished,
                                ShutdownTrigger trigger) {
        this.coordinatorName = coordinatorName;
        this.reporter = reporter;
        this.unfinished = unfinished;
        this.trigger = trigger;
    }

    @Override
    public ShutdownTrigger trigger() {
        return trigger;
    }

    @Override
    public boolean isDone() {
        return done;
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
        long nanos = Arguments.toNanosSaturated(Arguments.requirePositive("deadline", deadline));
        if (Thread.interrupted()) {
            throw new InterruptedException(); // as a blocking method does, even when already done
        }
        long now = System.nanoTime();
        if (awaitInterruptibly(nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos)) {
            return completedReport();
        }
        ShutdownReport report = currentReport();
        if (report.completed()) {
            return report;
        }
        reporter.deadlineMissed(report);
        return report;
    }

    /**
     * Returns the final report if the shutdown has completed, else a report of what is still
     * unfinished (own threads, then those of attached coordinators, rule 2.7); tells nobody.
     *
     * @return the report
     */
    ShutdownReport currentReport() {
        List<UnfinishedThread> threads = unfinished.unfinishedThreads();
        synchronized (this) {
            if (done) {
                return finalReportLocked();
            }
            return new ShutdownReport(trigger, false, elapsed(), threads, List.copyOf(failures), List.copyOf(overruns));
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
        return awaitFlag(false, deadlineNanos);
    }

    /**
     * Waits until the hold is released (completion or a deadline report) or
     * {@code deadlineNanos} has passed. Interrupts are ignored and restored on return.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return whether the hold was released
     */
    boolean awaitHoldRelease(long deadlineNanos) {
        return awaitFlag(true, deadlineNanos);
    }

    /** Releases the hold of rule 4.11: a missed deadline has been reported. */
    synchronized void releaseHold() {
        holdReleased = true;
        notifyAll();
    }

    /**
     * Claims the one report of a missed deadline (rules 4.8 and 4.12).
     *
     * @return true for the first caller only
     */
    synchronized boolean claimDeadlineReport() {
        if (deadlineReported) {
            return false;
        }
        deadlineReported = true;
        return true;
    }

    /** Returns whether a missed deadline has been reported. */
    synchronized boolean deadlineReported() {
        return deadlineReported;
    }

    /** Returns when the shutdown began, as a {@link System#nanoTime()} value. */
    long startNanos() {
        return startNanos;
    }

    /**
     * Waits until {@code done} (or, with {@code hold}, {@code holdReleased}) is set or
     * {@code deadlineNanos} has passed. Interrupts are ignored and restored on return.
     */
    private synchronized boolean awaitFlag(boolean hold, long deadlineNanos) {
        boolean interrupted = false;
        try {
            while (!(hold ? holdReleased : done)) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    waitNanos(remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until {@code done} is set or {@code deadlineNanos} has passed; interruptible. */
    private synchronized boolean awaitInterruptibly(long deadlineNanos) throws InterruptedException {
        while (!done) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            waitNanos(remaining);
        }
        return true;
    }

    /** {@link Object#wait(long, int)} for {@code nanos}, positive; called holding this. */
    private void waitNanos(long nanos) throws InterruptedException {
        long millis = nanos / 1_000_000L;
        int rest = (int) (nanos % 1_000_000L);
        if (millis == 0) {
            millis = 1; // wait(0, n) rounds up to 1 ms anyway; never wait(0), which has no bound
            rest = 0;
        }
        wait(millis, rest);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The stage is created on the first call (see the class comment).
     */
    @Override
    public CompletionStage<ShutdownReport> toCompletionStage() {
        CompletableFuture<ShutdownReport> s;
        ShutdownReport report;
        synchronized (this) {
            if (stage == null) {
                stage = new CompletableFuture<>();
            }
            s = stage;
            report = done ? finalReportLocked() : null;
        }
        if (report != null) {
            s.complete(report); // completed before the stage existed, or racing complete(): once either way
        }
        return s.minimalCompletionStage();
    }

    /** Records a callback failure seen during this shutdown (rule 3.5). */
    synchronized void addFailure(CallbackFailure failure) {
        if (!done) {
            failures.add(failure);
        }
    }

    /** Records a callback overrun seen during this shutdown (rule 3.4). */
    synchronized void addOverrun(String threadName) {
        if (!done) {
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
    synchronized void awaitHoldReleaseUninterruptibly() {
        boolean interrupted = false;
        while (!holdReleased) {
            try {
                wait();
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
        ShutdownReport report = null;
        CompletableFuture<ShutdownReport> s;
        synchronized (this) {
            if (done) {
                return;
            }
            completedAfterNanos = System.nanoTime() - startNanos;
            done = true; // release: after the lists' last change and the elapsed time
            holdReleased = true;
            s = stage;
            if (s != null) {
                report = finalReportLocked();
            }
            notifyAll();
        }
        if (report != null) {
            s.complete(report); // outside the monitor: dependent stages run here
        }
    }

    private synchronized ShutdownReport completedReport() {
        return finalReportLocked();
    }

    /** Returns the final report, building it on first call; called holding this, once done. */
    private ShutdownReport finalReportLocked() {
        if (finalReport == null) {
            finalReport = new ShutdownReport(trigger, true, Duration.ofNanos(completedAfterNanos), List.of(),
                    List.copyOf(failures), List.copyOf(overruns));
        }
        return finalReport;
    }

    @Override
    public String toString() {
        return "ShutdownCompletion[" + coordinatorName + ", " + trigger + (isDone() ? ", done" : ", pending") + "]";
    }
}
