package io.github.terminable.reference;

import io.github.terminable.spi.DiagnosticCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A coordinator's "terminator": runs termination callbacks and listener deliveries one at a
 * time, in submission order, each bounded (rules 1.8, 3.3 and 3.4).
 *
 * <p>Jobs run on daemon <em>worker</em> threads owned by this class, never on the thread that
 * submitted them, so {@code terminate()} and {@code shutdown()} never block on a callback and no
 * callback ever runs on a JVM shutdown-hook thread. A <em>watchdog</em> thread enforces the
 * bound: when a job has held the worker longer than {@code bound}, the watchdog abandons that
 * worker (the job keeps running on it, and the worker exits when the job returns), asks the job
 * for a follow-up report ({@link TerminatorJob#overran}), and starts a new worker for the rest of
 * the queue. So a blocked callback holds the others back for at most {@code bound}, and even a
 * callback that calls {@code System.exit} cannot stall the shutdown (rule 4.9).
 *
 * <p>Both threads exist only while there is work: a worker that finds the queue empty waits a
 * short moment ({@value #LINGER_MILLIS} ms) for more, so that a burst of requests reuses one
 * thread, and then exits; the watchdog exits when no worker is left. An idle terminator holds no
 * thread.
 *
 * <p>A terminator knows a name (its threads' prefix) and a bound, nothing of the coordinator that
 * owns it: its jobs carry what they need and report their outcomes to a {@link Reporter}.
 *
 * <p><b>Thread-safety.</b> {@link #submit} and {@link #submitAll} are safe from any thread,
 * including from a running job.
 *
 * <p><b>Memory consistency.</b> Actions prior to submitting a job <i>happen-before</i> it runs,
 * and each job's actions <i>happen-before</i> the next job runs, unless the job overran (the next
 * job then runs concurrently with it).
 */
final class Terminator {

    /*
     * Overview.
     *
     * All fields below `lock` are guarded by it. The queue holds jobs not yet started. `worker`
     * is the one thread allowed to take jobs; `running` is the job it is running, if any, with
     * its `runningDeadline`. Transitions:
     *
     *   worker:  null -> T (submit finds no worker)
     *            T -> null (T finds the queue empty, lingers once, finds it empty again, exits)
     *            T -> T' (watchdog: T overran; T is abandoned and exits when its job returns)
     *   running: null -> job (worker took it) -> null (worker finished it, or watchdog abandoned it)
     *
     * A worker only ever takes a job if it is still `worker`, so an abandoned worker never runs a
     * second job, and at most one non-abandoned job runs at a time.
     *
     * The watchdog wakes at the running job's deadline; when no job is running it waits for at
     * most `bound`, which is enough for jobs with the default bound: a job that starts while it
     * waits has a deadline later than its wake-up time, so it is never detected late. A job with
     * a shorter bound of its own (the turn of an attached coordinator, rule 2.7) signals the
     * watchdog when it starts; otherwise workers signal it only when they exit, so that it can
     * exit too.
     *
     * A job's deadline is also handed to the job (TerminatorJob.deadlineNanos), so that a job
     * that waits (a terminate-phase turn waiting for its unit to end) bounds its own wait by the
     * same instant and reports its own overrun. At the deadline the watchdog first asks the job
     * (extendOnce) whether it is in such a self-bounded wait; if so it re-arms once, for one more
     * bound, instead of abandoning the worker, so the turn's overrun is reported by the worker
     * itself, in order, and no new worker is needed. Only a job still running after that (its
     * worker starved, or a listener blocked while told of the overrun) is abandoned.
     */

    /** How long an idle worker waits for more work before it exits. */
    static final long LINGER_MILLIS = 50;
    private static final long LINGER_NANOS = LINGER_MILLIS * 1_000_000L;

    private final String threadNamePrefix;
    private final Duration bound;
    private final long boundNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a job with a short bound starts, and when a worker exits. */
    private final Condition watchdogWakeUp = lock.newCondition();
    /** Signalled by submit when the worker is lingering. */
    private final Condition workAvailable = lock.newCondition();
    /** Jobs not yet started, in submission order; an overrun's follow-up goes first. Guarded by lock. */
    private final ArrayDeque<TerminatorJob> queue = new ArrayDeque<>();
    /**
     * The one thread allowed to take jobs. Guarded by lock.
     *   null --submit, none running (ensureWorker)--> T
     *   T --queue empty after lingering once (T itself)--> null
     *   T --T's job overran (watchdog; T is abandoned, exits when its job returns)--> T' or null
     */
    private Thread worker;
    /** false --worker finds the queue empty the first time--> true --linger ends--> false. Guarded by lock. */
    private boolean workerLingering;
    /**
     * The job the worker is running. Guarded by lock.
     *   null --worker takes the head of the queue--> job
     *   job --job returned (worker) or overran (watchdog)--> null
     */
    private TerminatorJob running;
    /** When {@code running}'s bound elapses (System.nanoTime); set with it, moved once by an extension. */
    private long runningDeadline;
    /** {@code running}'s bound: the terminator's, or the job's own (TerminatorJob.bound). */
    private Duration runningBound;
    /**
     * false --job taken--> false --watchdog grants the one extra bound (TerminatorJob.extendOnce)--> true.
     * Guarded by lock.
     */
    private boolean runningExtended;
    /**
     * The watchdog thread. Guarded by lock.
     *   null --ensureWorker starts a worker and finds none--> W --W finds worker == null--> null
     */
    private Thread watchdog;
    /** Numbers the workers' names; only grows. Guarded by lock. */
    private long workerCount;

    /**
     * Creates an idle terminator; no thread is started until the first job is submitted.
     *
     * @param threadNamePrefix prefix of its threads' names
     * @param bound how long one job may hold back the next
     */
    Terminator(String threadNamePrefix, Duration bound) {
        this.threadNamePrefix = threadNamePrefix;
        this.bound = bound;
        this.boundNanos = Arguments.toNanosSaturated(bound);
    }

    /**
     * Queues a job behind every job submitted before it.
     *
     * @param job the job
     */
    void submit(TerminatorJob job) {
        lock.lock();
        try {
            queue.addLast(job);
            ensureWorker();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues several jobs, in list order, with no other job in between.
     *
     * @param jobs the jobs
     */
    void submitAll(List<TerminatorJob> jobs) {
        lock.lock();
        try {
            for (TerminatorJob job : jobs) { // not addAll: ArrayDeque's spins a method reference
                queue.addLast(job);
            }
            ensureWorker();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns whether the terminator has neither queued nor running work and holds no thread
     * (abandoned workers still finishing an overrun job are not counted).
     *
     * @return whether it is idle
     */
    boolean isIdle() {
        lock.lock();
        try {
            return worker == null && queue.isEmpty() && watchdog == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a worker, and the watchdog, if none is running, or wakes the lingering worker.
     * Called with the lock held.
     */
    private void ensureWorker() {
        if (worker != null) {
            if (workerLingering) {
                workAvailable.signal();
            }
            return;
        }
        Thread t = newDaemon(threadNamePrefix + "-" + (++workerCount), new Role(this, false));
        t.start();
        worker = t; // guarded by lock: the new worker blocks on the lock until we release it
        if (watchdog == null) {
            Thread w = newDaemon(threadNamePrefix + "-watchdog", new Role(this, true));
            w.start();
            watchdog = w;
        }
    }

    /**
     * Creates an implementation-owned daemon thread: no inherited thread-locals, and the system
     * class loader as context class loader, so that a thread created from an application's
     * thread does not pin that application's class loader.
     *
     * @param name the thread's name
     * @param body what it runs
     * @return the unstarted thread
     */
    static Thread newDaemon(String name, Runnable body) {
        Thread t = new Thread(null, body, name, 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(ClassLoader.getSystemClassLoader());
        return t;
    }

    /**
     * The body of a worker or of the watchdog: a named class rather than method references, which
     * would each spin a hidden class when the first terminator starts (benchmarks/RESULTS.md, row 5).
     */
    private static final class Role implements Runnable {
        private final Terminator terminator;
        private final boolean watchdog;

        Role(Terminator terminator, boolean watchdog) {
            this.terminator = terminator;
            this.watchdog = watchdog;
        }

        @Override
        public void run() {
            if (watchdog) {
                terminator.watch();
            } else {
                terminator.work();
            }
        }
    }

    /** A worker's body: take jobs while it is the current worker and the queue is not empty. */
    private void work() {
        Thread self = Thread.currentThread();
        boolean lingered = false;
        while (true) {
            TerminatorJob job;
            lock.lock();
            try {
                if (worker != self) {
                    return;
                }
                job = queue.pollFirst();
                if (job == null && !lingered) {
                    lingered = true;
                    workerLingering = true;
                    try {
                        workAvailable.awaitNanos(LINGER_NANOS);
                    } catch (InterruptedException ignored) {
                        // only this class owns its workers; re-check the queue
                    } finally {
                        workerLingering = false;
                    }
                    continue;
                }
                if (job == null) {
                    worker = null;
                    running = null;
                    watchdogWakeUp.signalAll(); // so the watchdog exits too
                    return;
                }
                lingered = false;
                running = job;
                Duration jobBound = job.bound(bound);
                long jobBoundNanos = Arguments.toNanosSaturated(jobBound);
                long now = System.nanoTime();
                runningBound = jobBound;
                runningExtended = false;
                runningDeadline = jobBoundNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + jobBoundNanos;
                job.deadlineNanos = runningDeadline;
                if (jobBoundNanos < boundNanos) {
                    watchdogWakeUp.signalAll(); // it may be sleeping for the longer default bound
                }
            } finally {
                lock.unlock();
            }
            Thread.interrupted(); // a previous job may have left this thread interrupted
            try {
                job.run();
            } catch (Throwable unexpected) {
                DiagnosticCode.INTERNAL_ERROR.report("terminator job " + job + " threw", unexpected);
            }
            lock.lock();
            try {
                if (worker != self) {
                    return; // the watchdog gave up on this job and replaced us
                }
                running = null;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The watchdog's body: abandon a worker whose job outlives its deadline. */
    private void watch() {
        lock.lock();
        try {
            while (worker != null) {
                long now = System.nanoTime();
                long wait = running == null ? boundNanos : runningDeadline - now;
                if (wait > 0) {
                    try {
                        watchdogWakeUp.awaitNanos(wait);
                    } catch (InterruptedException ignored) {
                        // only this class owns the watchdog; re-check and go on
                    }
                    continue;
                }
                TerminatorJob late = running;
                boolean extend = false;
                try {
                    extend = !runningExtended && late.extendOnce();
                } catch (Throwable unexpected) {
                    DiagnosticCode.INTERNAL_ERROR.report("overrun handling of " + late + " threw", unexpected);
                }
                if (extend) { // the job times its own wait out at this deadline: let it report itself
                    runningExtended = true;
                    long extra = Arguments.toNanosSaturated(runningBound);
                    runningDeadline = extra > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + extra;
                    continue;
                }
                running = null;
                worker = null;
                TerminatorJob followUp = null;
                try {
                    followUp = late.overran(runningBound);
                } catch (Throwable unexpected) {
                    DiagnosticCode.INTERNAL_ERROR.report("overrun handling of " + late + " threw", unexpected);
                }
                if (followUp != null) {
                    queue.addFirst(followUp);
                }
                if (!queue.isEmpty()) {
                    ensureWorker();
                }
            }
            watchdog = null;
        } finally {
            lock.unlock();
        }
    }
}
