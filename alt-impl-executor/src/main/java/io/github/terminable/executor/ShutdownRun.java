package io.github.terminable.executor;

import io.github.terminable.CallbackFailure;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One coordinator's shutdown, and its one completion handle (rules 3.1, 3.5, 3.7 and 3.8).
 *
 * <p><b>Overview.</b> Created once, under the coordinator's registration lock, by the call that
 * moves the phase to TERMINATING; every later {@code shutdown()} returns the same instance. It
 * collects the callback failures and overruns seen while the phase is not OPEN, and is completed,
 * once, with the final report when the coordinator reaches TERMINATED. Waiting with a deadline
 * that passes never throws: it returns a report with {@code completed=false} naming each
 * unfinished thread with its stack, after telling the listeners {@code deadlineMissed} on the
 * awaiting thread (rules 3.8 and 8.3).
 *
 * <p><b>Thread-safety.</b> Thread-safe; the failure and overrun lists are guarded by their own
 * monitors.
 *
 * <p><b>Memory consistency.</b> The coordinator completes the handle ({@link #complete}) after every registered
 * thread has ended (each thread's end is a volatile write read under the registration lock), so
 * the threads' actions <i>happen-before</i> {@link #isDone()} returning {@code true} and a
 * completed report being returned.
 */
final class ShutdownRun implements ShutdownCompletion {

    private final ExecutorCoordinator coordinator;
    /** Tells the listeners of a missed {@link #await} deadline. */
    private final Reporter reporter;
    private final ShutdownTrigger trigger;
    private final long startNanos = System.nanoTime();
    /**
     * Guards {@link #holdReleased} and {@link #stage}, orders the writes of {@link #done}, and is
     * the monitor that waiters of completion and of the hold wait on. A private object, not the
     * handle, which application code can see and synchronize on.
     */
    private final Object lock = new Object();
    /** The final report once complete, else null; written once, under {@link #lock}. */
    private volatile ShutdownReport done;
    /**
     * Whether the last terminable thread's hold is released (rule 4.11): set on completion, or
     * when the quiescence deadline has been reported (rule 4.12), whichever comes first; guarded
     * by {@link #lock}.
     */
    private boolean holdReleased;
    /**
     * The future behind {@link #toCompletionStage()}, created by its first call (most shutdowns
     * are never observed that way, and the exit path then loads none of its classes); guarded by
     * {@link #lock}.
     */
    private CompletableFuture<ShutdownReport> stage;
    private final List<CallbackFailure> failures = new ArrayList<>();
    private final List<String> overruns = new ArrayList<>();

    /**
     * Creates the shutdown of {@code coordinator}.
     *
     * @param coordinator whose unfinished threads an incomplete report lists
     * @param reporter the coordinator's reporter, told of a missed {@link #await} deadline
     * @param trigger what began it
     */
    ShutdownRun(ExecutorCoordinator coordinator, Reporter reporter, ShutdownTrigger trigger) {
        this.coordinator = coordinator;
        this.reporter = reporter;
        this.trigger = trigger;
    }

    void recordFailure(String threadName, Throwable error) {
        synchronized (failures) {
            failures.add(new CallbackFailure(threadName, error));
        }
    }

    void recordOverrun(String threadName) {
        synchronized (overruns) {
            overruns.add(threadName);
        }
    }

    /**
     * Builds the final report; called once, when every thread has ended.
     *
     * @return a report with {@code completed=true}
     */
    ShutdownReport completedReport() {
        return report(true);
    }

    /**
     * Completes the handle; called once, on the shutdown terminator after the listeners were told.
     *
     * @param report the final report
     */
    void complete(ShutdownReport report) {
        CompletableFuture<ShutdownReport> observed;
        synchronized (lock) {
            if (done != null) {
                return;
            }
            done = report;
            holdReleased = true;
            observed = stage;
            lock.notifyAll();
        }
        if (observed != null) {
            observed.complete(report); // outside the lock: dependent stages run here
        }
    }

    /** Releases the hold of rule 4.11 without completing: the quiescence deadline was reported. */
    void releaseHold() {
        synchronized (lock) {
            holdReleased = true;
            lock.notifyAll();
        }
    }

    /**
     * Waits, without a bound, until the hold of rule 4.11 is released (completion or the
     * quiescence deadline report); interrupts do not cut the wait short, and the interrupt
     * status is restored afterwards.
     */
    void awaitHoldRelease() {
        boolean interrupted = false;
        synchronized (lock) {
            while (!holdReleased) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for completion on the completion's own signal, without telling any listener.
     *
     * @param nanos how long to wait at most; zero or negative means do not wait
     * @return whether the shutdown has completed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitDone(long nanos) throws InterruptedException {
        if (done != null) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        long end = System.nanoTime() + nanos;
        synchronized (lock) {
            while (done == null) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        return true;
    }

    /**
     * Waits for completion until {@code deadlineNanos} (a {@link System#nanoTime()} value);
     * interrupts do not cut the wait short and are restored afterwards. Used by the JVM exit hook
     * and the quiescence watcher, which report a missed deadline themselves.
     *
     * @param deadlineNanos when to stop waiting
     * @return whether it completed
     */
    boolean awaitUntil(long deadlineNanos) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return awaitDone(deadlineNanos - System.nanoTime());
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

    /**
     * Builds the report of an await whose deadline passed, without telling any listener; used by
     * the JVM exit hook and the quiescence watcher, which deliver {@code deadlineMissed}
     * themselves (rules 4.8 and 4.12).
     *
     * @return a report, incomplete unless the shutdown completed meanwhile
     */
    ShutdownReport currentReport() {
        ShutdownReport complete = done;
        return complete != null ? complete : report(false);
    }

    /** Returns the moment this shutdown began, in {@link System#nanoTime()} units. */
    long startNanos() {
        return startNanos;
    }

    @Override
    public ShutdownTrigger trigger() {
        return trigger;
    }

    @Override
    public boolean isDone() {
        return done != null;
    }

    @Override
    public ShutdownReport await(Duration deadline) throws InterruptedException {
        Arguments.positive(deadline, "deadline");
        if (awaitDone(Arguments.saturatedNanos(deadline))) {
            return done;
        }
        ShutdownReport report = report(false);
        reporter.deadlineMissed(report);
        return report;
    }

    /**
     * Waits until the shutdown completes or {@code bound} elapses; interrupts do not cut the wait
     * short, and the interrupt status is restored afterwards.
     *
     * @param bound how long to wait at most
     */
    void awaitQuietly(Duration bound) {
        boolean interrupted = Thread.interrupted();
        long start = System.nanoTime();
        long total = Arguments.saturatedNanos(bound);
        try {
            while (done == null) {
                long left = total - (System.nanoTime() - start);
                if (left <= 0) {
                    return;
                }
                try {
                    awaitDone(left);
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
        CompletableFuture<ShutdownReport> future;
        synchronized (lock) {
            if (stage == null) {
                stage = new CompletableFuture<>();
                if (done != null) {
                    stage.complete(done); // no dependents yet: nothing runs under the lock
                }
            }
            future = stage;
        }
        return future.minimalCompletionStage();
    }

    private ShutdownReport report(boolean completed) {
        List<CallbackFailure> failed;
        synchronized (failures) {
            failed = List.copyOf(failures);
        }
        List<String> overran;
        synchronized (overruns) {
            overran = List.copyOf(overruns);
        }
        return new ShutdownReport(trigger, completed, Duration.ofNanos(System.nanoTime() - startNanos),
                completed ? List.of() : coordinator.unfinishedThreads(), failed, overran);
    }

    @Override
    public String toString() {
        return "ShutdownCompletion[" + coordinator.name() + ", " + trigger + (isDone() ? ", done" : ", in progress") + "]";
    }
}
