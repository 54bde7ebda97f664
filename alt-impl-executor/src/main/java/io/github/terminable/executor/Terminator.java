package io.github.terminable.executor;

import io.github.terminable.TerminationOutcome;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A terminator: the implementation-owned thread that invokes callbacks (rule 1.8). It runs
 * termination callbacks one at a time, each bounded by the callback timeout, and the terminate
 * phase's turns one at a time, each bounded by its turn's deadline (rules 3.2 to 3.4, 3.12).
 *
 * <p><b>Overview.</b> A terminator knows only a name and a bound; it runs whatever steps it is
 * given and reports nothing itself: a step's outcome goes to the step ({@link Bounded#finished}),
 * which hands it on (a callback's {@link CallbackStep} to the coordinator's {@link Reporter}).
 * It owns a FIFO queue of <em>steps</em>, run one after the other by its <em>thread</em>
 * ({@code <name>-<n>}), the one thread of an executor whose one task (the <em>drive</em>) takes
 * steps until the queue is empty. There are two kinds of step:
 * <ul>
 *   <li>a {@link Step}: the implementation's own bookkeeping (start the next turn of the
 *       terminate phase, move the phase, complete the handle); it is not watched by the watchdog.
 *       One kind of step blocks: the second half of an awaited turn waits on the unit's own end
 *       signal ({@code FutureTask.get}, the loop's latch, the child's completion) with a timeout
 *       at the turn's deadline, so it bounds itself and never polls;</li>
 *   <li>a {@link Bounded} step: a callback, or one listener call; it runs on the thread
 *       itself, back to back with the other steps, bounded by the callback timeout, or, for a
 *       callback of the terminate phase, by its turn's deadline ({@link Bounded#deadline}), so
 *       that one bound covers the callback and the wait for the unit's end.</li>
 * </ul>
 * A terminate-phase turn is therefore: [turn step] -> [callback, bounded] -> [its record's
 * listener calls, bounded] -> [wait step] -> [overran listener calls, if it overran] -> next
 * turn. All of a turn's steps run before the next turn's step, so every record and overrun of a
 * turn is delivered before the next turn starts.
 * A step may queue follow-up steps ({@link Steps}); they run right after it, before anything that
 * was already queued, so a callback's record reaches the listeners before the next callback
 * starts (rule 8.2).
 *
 * <p>The bound is enforced from the side by the shared {@link Watchdog}, one JVM-wide daemon thread.
 * The running bounded step is published in {@link #current}; the watchdog has at most one check
 * scheduled per terminator ({@link #armed}), at the running step's deadline, so steps that finish
 * in time cost no wake-up and no thread hand-off. When the queue runs empty the pending check is
 * cancelled ({@link #disarm}), so that an idle terminator leaves nothing scheduled and the
 * watchdog's thread ends after its short idle time instead of lingering until a deadline that no
 * longer matters. When a check finds the running step past its
 * deadline, it claims the step ({@link Running#claim}) and the step is {@code OVERRAN}: its
 * executor is shut down (its thread ends whenever the stuck step returns; it is neither stopped
 * nor interrupted) and abandoned, and a fresh thread reports the overrun and continues with
 * the remaining steps. So one blocked callback delays the next by at most the bound, and steps of
 * one terminator never overlap except an abandoned one with its successors. If the abandoned
 * callback later throws, its outcome stays {@code OVERRAN}: the throwable is only printed
 * ({@link Bounded#failedAfterOverrun}, rule 3.12).
 *
 * <p>If no thread can be created for the terminator (an {@link OutOfMemoryError} "unable to
 * create native thread"), the terminator does not stay {@code driving} with nobody driving: the
 * steps stay queued and the next {@link #execute} tries again (an overrun's report is queued
 * first). If the watchdog cannot be armed, the step runs unbounded.
 *
 * <p>States of a bounded step ({@link Running#claimed}): RUNNING -> CLAIMED, exactly once, by
 * whichever of its thread (it returned) and the watchdog (its deadline passed) gets there
 * first. An abandoned thread whose step returns late finds the step claimed and only ends.
 *
 * <p>A coordinator has two terminators: one for requests made outside the terminate phase
 * ({@code terminate()}, owners, pre-start requests), one for the terminate phase itself, so that
 * neither waits behind the other (rules 1.2 and 3.3). Because callbacks run on neither the caller
 * nor the hook thread, a callback may call {@code terminate()}, {@code shutdown()}, await the
 * completion handle, or even {@code System.exit}, without deadlock (rules 3.9 and 4.9): at worst
 * it overruns.
 *
 * <p><b>Thread-safety.</b> {@link #execute} may be called from any thread. The queue, the
 * executor and the watchdog fields are guarded by {@link #lock}; a {@link Steps} collector is
 * confined to the thread running the step that fills it.
 *
 * <p><b>Memory consistency.</b> Actions before {@link #execute} <i>happen-before</i> the step
 * (both pass the queue under {@link #lock}), and so every later step. A step's follow-ups are
 * queued under the lock before the next step is taken, also when a fresh thread continues
 * after an overrun (it is started under the lock, after the claim).
 */
final class Terminator {

    /**
     * Internal bookkeeping run by the thread, with no watchdog: it must be short, and may
     * block only in a wait it bounds itself (the end-of-unit wait of a terminate-phase turn,
     * bounded by the turn's deadline, rule 3.2).
     */
    @FunctionalInterface
    interface Step {
        /**
         * Runs the step.
         *
         * @param next where to queue the steps that must run right after it
         */
        void run(Steps next);
    }

    /** A callback or a listener call: run on the thread, bounded by the callback timeout. */
    interface Bounded {
        /**
         * Runs the user code.
         *
         * @throws Throwable what it threw
         */
        void run() throws Throwable;

        /**
         * Reports the outcome; called once, on the thread that continues, before any later step.
         *
         * @param outcome how it ended
         * @param failure what it threw, if it failed
         * @param took how long it ran, or the bound if it overran
         * @param next where to queue the steps that must run right after it
         */
        void finished(TerminationOutcome outcome, Throwable failure, Duration took, Steps next);

        /**
         * Returns the step's deadline; by default its start plus the callback timeout. A callback
         * of the terminate phase returns its turn's deadline instead (the bound covers callback
         * and wait together, rule 3.4).
         *
         * @param start when the step started, in {@link System#nanoTime()} units
         * @param bound the callback timeout, in nanoseconds
         * @return the deadline, in {@link System#nanoTime()} units
         */
        default long deadline(long start, long bound) {
            return start + bound;
        }

        /**
         * Called on the abandoned thread when the step, already declared {@code OVERRAN},
         * finally throws (rule 3.12); its outcome stays settled. Does nothing by default.
         *
         * @param failure what it threw
         */
        default void failedAfterOverrun(Throwable failure) {
        }
    }

    /** Collects a step's follow-ups, in order; confined to the thread running that step. */
    static final class Steps {
        private final List<Object> items = new ArrayList<>(4);

        /** Queues an unbounded step. */
        void then(Step step) {
            items.add(step);
        }

        /** Queues a bounded step. */
        void bounded(Bounded step) {
            items.add(step);
        }
    }

    /** The thread's task ({@link #drive()}); a named class, so no lambda is linked. */
    private final class Drive implements Runnable {
        @Override
        public void run() {
            drive();
        }
    }

    /** A bounded step while it runs. */
    private static final class Running {
        final Bounded step;
        final long start;
        final long deadline;
        /** RUNNING (false) -> CLAIMED (true), once; see the class overview. */
        private final AtomicBoolean claimed = new AtomicBoolean();

        Running(Bounded step, long start, long deadline) {
            this.step = step;
            this.start = start;
            this.deadline = deadline;
        }

        boolean claim() {
            return !claimed.get() && claimed.compareAndSet(false, true);
        }

        boolean isClaimed() {
            return claimed.get();
        }
    }

    /** The prefix of its threads' names: {@code <name>-<n>}. */
    private final String name;
    /** The callback timeout: the bound of a bounded step, unless the step sets its own deadline. */
    private final Duration bound;
    /** {@link #bound} in nanoseconds, saturated. */
    private final long boundNanos;
    /** Creates the single-thread executors; null for {@link InternalThreads#singleDaemon}. */
    private final Function<String, ThreadPoolExecutor> executors;
    /** The thread's task, one per terminator. */
    private final Drive drive = new Drive();
    /** The deadline of this terminator's pending check; guarded by the {@link Watchdog}'s lock. */
    long watchDeadline;
    /** Whether the {@link Watchdog} holds a pending check of this terminator; guarded by its lock. */
    boolean watched;
    /*
     * States of the terminator, all guarded by `lock`:
     *
     *   IDLE      driving == false: no drive queued or running. `executor` may still hold an idle
     *             executor, whose thread times out after InternalThreads.IDLE_MILLIS.
     *   DRIVING   driving == true: one drive is queued or running on `executor`.
     *
     *   IDLE -> DRIVING      execute() queues a step and hands the drive to the executor
     *                        (startDrive); if no thread can be created, it stays IDLE.
     *   DRIVING -> IDLE      the drive finds the queue empty (it also disarms the watchdog).
     *   DRIVING -> DRIVING   the watchdog claims an overrunning step (check): the executor is
     *                        retired and abandoned, a fresh one continues the queue; if no thread
     *                        can be created for it, -> IDLE with the overrun's report queued first.
     *
     * `closed` goes false -> true once (close()); from then on execute() refuses steps, and the
     * executor is retired as soon as the terminator is IDLE. `current` is the bounded step
     * running now (RUNNING -> CLAIMED, see Running); `armed` says whether a watchdog check is
     * pending for it.
     */
    private final Object lock = new Object();
    /** Steps not yet taken ({@link Step} or {@link Bounded}); guarded by {@link #lock}. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** The single-thread executor in use, or null; guarded by {@link #lock}. */
    private ThreadPoolExecutor executor;
    /** How many threads this terminator has started; guarded by {@link #lock}. */
    private long threadNumbers;
    /** Whether a drive is queued or running on {@link #executor}; guarded by {@link #lock}. */
    private boolean driving;
    /** Whether later steps are refused; guarded by {@link #lock}. Only false -> true. */
    private boolean closed;
    /** The bounded step running now, or null; guarded by {@link #lock}. */
    private Running current;
    /**
     * Whether a watchdog check is pending for this terminator; guarded by {@link #lock}. True also
     * while the check runs (it clears the field or arms again itself).
     * A check cancelled by {@link #disarm} while it was already waiting for the lock still runs
     * once, harmlessly: it finds no running step or reschedules itself for the current one, so a
     * running bounded step always has a check pending at or before its deadline.
     */
    private boolean armed;

    /**
     * Creates a terminator; its thread starts with its first step.
     *
     * @param name the prefix of its threads' names, {@code <name>-<n>}
     * @param bound the callback timeout, which bounds each bounded step that does not set its
     *     own deadline (rule 3.4)
     */
    Terminator(String name, Duration bound) {
        this(name, bound, null);
    }

    /**
     * Creates a terminator whose threads come from {@code executors} (tests use it to make
     * thread creation fail).
     *
     * @param name the prefix of its threads' names, {@code <name>-<n>}
     * @param bound the callback timeout
     * @param executors creates the executor for a thread name
     */
    Terminator(String name, Duration bound, Function<String, ThreadPoolExecutor> executors) {
        this.name = name;
        this.bound = bound;
        this.boundNanos = Arguments.saturatedNanos(bound);
        this.executors = executors;
    }

    /**
     * Queues a step at the end of the queue.
     *
     * @param step what to run
     * @return whether it was queued ({@code false} only after {@link #close()})
     */
    boolean execute(Step step) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            queue.addLast(step);
            if (!driving) {
                startDrive(drive);
            }
            return true;
        }
    }

    /**
     * Guarded by {@link #lock}: hands {@code drive} to the thread and marks the terminator
     * {@code driving}. If no thread can be created for it (an {@link OutOfMemoryError} "unable
     * to create native thread"), the terminator is left idle, not stuck {@code driving}: the
     * queued steps stay queued and the next {@link #execute} tries again; the error propagates.
     */
    private void startDrive(Runnable drive) {
        try {
            executor().execute(drive);
        } catch (RuntimeException | Error cannotStart) {
            retireExecutor();
            driving = false;
            throw cannotStart;
        }
        driving = true;
    }

    /** Refuses later steps; the queued ones still run, then the thread ends. */
    void close() {
        synchronized (lock) {
            closed = true;
            if (!driving) {
                retireExecutor();
            }
        }
    }

    /** The thread's task: takes steps until the queue is empty, or until abandoned. */
    private void drive() {
        Steps next = new Steps();
        while (true) {
            Object step;
            synchronized (lock) {
                prepend(next);
                step = queue.pollFirst();
                if (step == null) {
                    driving = false;
                    disarm();
                    if (closed) {
                        retireExecutor();
                    }
                    return;
                }
            }
            if (step instanceof Step) {
                ((Step) step).run(next);
            } else if (!runBounded((Bounded) step, next)) {
                return; // abandoned: a fresh thread has taken over
            }
        }
    }

    /**
     * Runs one bounded step on this thread, with the watchdog armed at its deadline.
     *
     * @return {@code false} if the watchdog claimed it first: this thread is abandoned
     */
    private boolean runBounded(Bounded step, Steps next) {
        long start = System.nanoTime();
        Running running = new Running(step, start, step.deadline(start, boundNanos));
        synchronized (lock) {
            current = running;
            if (!armed) {
                scheduleCheck(running.deadline - start);
            }
        }
        Throwable failure = null;
        try {
            step.run();
        } catch (Throwable thrown) {
            failure = thrown;
        }
        // A callback may leave the interrupt status set; it must not leak into the next step.
        Thread.interrupted();
        if (!running.claim()) {
            if (failure != null) {
                step.failedAfterOverrun(failure); // rule 3.12: reported, but the outcome stays OVERRAN
            }
            return false;
        }
        long took = System.nanoTime() - running.start;
        step.finished(failure == null ? TerminationOutcome.COMPLETED : TerminationOutcome.FAILED, failure,
                Duration.ofNanos(took), next);
        return true;
    }

    /** Guarded by {@link #lock}. */
    private void scheduleCheck(long delayNanos) {
        try {
            Watchdog.arm(this, System.nanoTime() + Math.max(0, delayNanos));
            armed = true;
        } catch (RuntimeException | OutOfMemoryError cannotSchedule) {
            // No watchdog thread could be created: the step runs unbounded rather than the
            // terminator failing; the next step tries to arm again.
            armed = false;
        }
    }

    /**
     * Guarded by {@link #lock}; called when the queue is empty, so no bounded step is running:
     * the last one returned and was claimed by its thread (an overrun one was claimed by the
     * watchdog, which disarmed already). Cancels the pending check.
     */
    private void disarm() {
        if (armed) {
            Watchdog.disarm(this);
            armed = false;
        }
        current = null;
    }

    /** The watchdog's check, at the running step's deadline; called by the {@link Watchdog} only. */
    void check() {
        Running overran;
        synchronized (lock) {
            Running running = current;
            if (running == null || running.isClaimed()) {
                armed = false; // idle, or between steps: the next step arms again
                current = null;
                return;
            }
            long left = running.deadline - System.nanoTime();
            if (left > 0) {
                scheduleCheck(left); // a later step is running: wait for its deadline
                return;
            }
            if (!running.claim()) {
                armed = false; // it returned just now; its thread goes on and arms again
                current = null;
                return;
            }
            armed = false;
            current = null;
            overran = running;
            // Abandon the stuck executor (its thread ends when the step returns) and continue
            // on a fresh one, which reports the overrun first. `driving` stays true, unless no
            // thread can be created for the fresh executor: then the overrun is reported by
            // the next execute() (the report is queued as the first step) and `driving` is false.
            retireExecutor();
            try {
                startDrive(() -> continueAfterOverrun(overran));
            } catch (RuntimeException | Error cannotStart) {
                queue.addFirst((Step) next -> overran.step.finished(TerminationOutcome.OVERRAN, null, bound, next));
            }
        }
    }

    /** First task of a fresh thread after an overrun. */
    private void continueAfterOverrun(Running overran) {
        Steps next = new Steps();
        overran.step.finished(TerminationOutcome.OVERRAN, null, bound, next);
        synchronized (lock) {
            prepend(next);
        }
        drive();
    }

    /** Guarded by {@link #lock}: moves the follow-ups to the front of the queue, in order. */
    private void prepend(Steps next) {
        List<Object> items = next.items;
        for (int i = items.size() - 1; i >= 0; i--) {
            queue.addFirst(items.get(i));
        }
        items.clear();
    }

    /** Guarded by {@link #lock}. */
    private ThreadPoolExecutor executor() {
        if (executor == null) {
            String threadName = name + "-" + ++threadNumbers;
            executor = executors == null ? InternalThreads.singleDaemon(threadName) : executors.apply(threadName);
        }
        return executor;
    }

    /** Guarded by {@link #lock}. A stuck step keeps its thread; that thread ends when it returns. */
    private void retireExecutor() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }
}
