package io.github.terminable.executor;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopTask;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.ThreadState;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A background loop: a terminable thread ({@link PooledThread}) that is the single worker of a
 * {@link java.util.concurrent.ThreadPoolExecutor}, fed through the {@link java.util.concurrent.ExecutorService}
 * interface (section 5).
 *
 * <p><b>Overview.</b>
 * <ul>
 *   <li>Tasks are {@link FutureTask}s in the pool's FIFO queue and run on the loop thread one at
 *       a time, in acceptance order (rule 5.1).</li>
 *   <li>The loop's termination callback is {@link #stopNow(boolean) stopNow(true)}:
 *       {@code shutdownNow()} on the pool interrupts the running task and hands back the queued
 *       ones, which are cancelled, so every future completes (rules 5.2 and 5.7).</li>
 *   <li>Work is rejected as soon as termination is <em>requested</em>, before the callback has
 *       run, by checking the thread's request flag; afterwards the pool itself rejects. Either
 *       way the {@link RejectedExecutionException} names the loop (rule 5.3). A task that passes
 *       the check while the pool is being stopped is either rejected by the pool or drained and
 *       cancelled: {@link java.util.concurrent.ThreadPoolExecutor#execute} re-checks its state
 *       after queueing, and {@code drainLock} keeps a drain out of that window, so a task
 *       accepted around a graceful {@link #shutdown()} always runs.</li>
 *   <li>{@link #shutdown()} is {@code shutdown()} on the pool: queued tasks still run; when the
 *       worker finds the queue empty it ends its loop, and the loop requests its own termination
 *       (rule 5.7).</li>
 *   <li>When the worker's loop returns, the deferred cleanup actions run on the loop thread in
 *       LIFO order, then the thread ends (rule 5.5).</li>
 *   <li>{@link #close()} is graceful first: {@code shutdown()}, a wait for the thread's end
 *       bounded by the shutdown deadline, termination only when that passes or the caller is
 *       interrupted (rule 5.8). {@link #shutdownNow()} hands the drained tasks back uncancelled
 *       (rule 5.10); every other termination cancels them (rule 5.2).</li>
 *   <li>On the loop thread, {@code get} on a not-done future of this loop, {@code invokeAll} and
 *       {@code invokeAny} throw {@link IllegalStateException} at once (rule 5.9);
 *       {@link #call} runs inline (rule 5.4).</li>
 * </ul>
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread.
 *
 * <p><b>Memory consistency.</b> As for {@link java.util.concurrent.ExecutorService}: actions
 * before submitting a task <i>happen-before</i> it runs; its actions <i>happen-before</i> its
 * result is retrieved.
 */
final class ExecutorLoop extends AbstractExecutorService implements BackgroundLoop, WorkerPlan {

    private final String name;
    private final PooledThread thread;
    private final ExecutorLoopContext context;
    /**
     * Held while queued tasks are drained and cancelled. The loop thread passes through it before
     * its cleanups, so every drained future is cancelled before the loop can end (rule 5.2).
     */
    private final Object drainLock = new Object();

    ExecutorLoop(ExecutorCoordinator coordinator, String name, OwnerReference owner, boolean awaitedInTurn) {
        this.name = name;
        this.context = new ExecutorLoopContext(this);
        this.thread = new PooledThread(coordinator, name, new StopNow(this), this, owner, awaitedInTurn);
    }

    /** Returns the loop's name. */
    String name() {
        return name;
    }

    /** Returns whether the caller is the loop thread. */
    boolean onLoopThread() {
        return Thread.currentThread() == thread.thread();
    }

    @Override
    public TerminableThread thread() {
        return thread;
    }

    // ---------------------------------------------------------------- WorkerPlan

    @Override
    public void afterWorkerExit() {
        synchronized (drainLock) {
            // Only a barrier: the worker exits after shutdownNow() set STOP inside this lock, so
            // waiting here means the drained futures have all been cancelled.
        }
        // After a graceful shutdown() the queue is empty now: the loop requests its own
        // termination (rule 5.7). A no-op if termination was requested already.
        thread.terminate();
        // shutdownNow() interrupted this thread; cleanup actions must not inherit that (rule 5.5).
        Thread.interrupted();
        context.runCleanups();
    }

    @Override
    public String rejectionMessage() {
        return "background loop '" + name + "' rejects the task: "
                + (thread.isTerminationRequested() ? "its termination has been requested" : "it has been shut down");
    }

    // ---------------------------------------------------------------- ExecutorService

    @Override
    public void execute(Runnable command) {
        Arguments.notNull(command, "command");
        Runnable task = command instanceof LoopFuture ? command : new Reporting(command);
        // Held across the pool's offer-then-recheck, so stopNow() cannot drain a task between
        // ThreadPoolExecutor.execute's offer and its state recheck. Without it, a submission
        // racing a graceful shutdown() could be queued after the worker found the queue empty
        // and exited, then drained and cancelled by the termination that exit requests, while
        // execute() returned normally: an accepted task cancelled after a graceful shutdown.
        // With it, the recheck either sees the pool still running (the worker, still alive,
        // runs the task before exiting) or removes the task and rejects it (rule 5.3).
        synchronized (drainLock) {
            if (thread.isTerminationRequested()) {
                throw new RejectedExecutionException(rejectionMessage());
            }
            thread.pool().execute(task);
        }
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new LoopFuture<>(java.util.concurrent.Executors.callable(runnable, value));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new LoopFuture<>(callable);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        requireNoSelfWait(tasks, "invokeAll");
        return super.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Arguments.notNull(unit, "unit");
        requireNoSelfWait(tasks, "invokeAll");
        return super.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        requireNoSelfWait(tasks, "invokeAny");
        return super.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Arguments.notNull(unit, "unit");
        requireNoSelfWait(tasks, "invokeAny");
        return super.invokeAny(tasks, timeout, unit);
    }

    /**
     * Rule 5.9: on the loop thread, {@code invokeAll}/{@code invokeAny} would wait for tasks
     * queued behind the caller itself. The arguments are checked first (rule 1.10), then this
     * fails at once, before anything is queued.
     */
    private void requireNoSelfWait(Collection<? extends Callable<?>> tasks, String method) {
        Arguments.notNull(tasks, "tasks");
        for (Callable<?> t : tasks) {
            Arguments.notNull(t, "task in tasks");
        }
        if (onLoopThread()) {
            throw selfWait(method);
        }
    }

    /** The exception of rule 5.9, naming the loop. */
    IllegalStateException selfWait(String what) {
        return new IllegalStateException(what + " called on the thread of background loop '" + name
                + "' would wait for this loop itself and never return");
    }

    @Override
    public Future<?> submit(Runnable task) {
        return super.submit(Arguments.notNull(task, "task"));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return super.submit(Arguments.notNull(task, "task"), result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return super.submit(Arguments.notNull(task, "task"));
    }

    @Override
    public <T> Future<T> submitWithContext(LoopTask<T> task) {
        Arguments.notNull(task, "task");
        return submit(new WithContext<>(task, context));
    }

    @Override
    public <T> T call(Callable<T> task) throws ExecutionException, InterruptedException {
        Arguments.notNull(task, "task");
        if (onLoopThread()) {
            // Rule 5.4: queueing behind ourselves would deadlock; run inline instead.
            if (isShutdown()) {
                throw new RejectedExecutionException(rejectionMessage());
            }
            try {
                return task.call();
            } catch (Throwable failure) {
                throw new ExecutionException(failure);
            }
        }
        Future<T> result = submit(task);
        try {
            return result.get();
        } catch (InterruptedException interrupted) {
            result.cancel(true);
            throw interrupted;
        }
    }

    @Override
    public boolean terminate() {
        return thread.terminate();
    }

    /** Graceful: rejects new work, runs the queued tasks, then the loop ends as on termination. */
    @Override
    public void shutdown() {
        thread.pool().shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        // Drain here first, then request termination: the request's callback is stopNow() too,
        // run on a terminator, and whichever drain comes first takes the queued tasks. Draining
        // first guarantees that this caller receives them, not cancelled (rule 5.10): running
        // one runs its task and completes its future, as with ThreadPoolExecutor.
        List<Runnable> neverRan = stopNow(false);
        thread.terminate();
        return neverRan;
    }

    /**
     * The loop's termination action: interrupts the running task and drains the queued ones.
     * Idempotent; the second call finds nothing queued.
     *
     * @param cancel whether to cancel the drained tasks (every termination but
     *     {@link #shutdownNow()}, whose caller receives them, rules 5.2 and 5.10)
     * @return the tasks that never started
     */
    private List<Runnable> stopNow(boolean cancel) {
        synchronized (drainLock) {
            List<Runnable> neverRan = thread.pool().shutdownNow();
            if (cancel) {
                for (Runnable r : neverRan) {
                    if (r instanceof Future) {
                        ((Future<?>) r).cancel(false);
                    }
                }
            }
            return neverRan;
        }
    }

    @Override
    public boolean isShutdown() {
        return thread.isTerminationRequested() || thread.pool().isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return thread.state() == ThreadState.ENDED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Arguments.notNull(unit, "unit");
        return thread.awaitEnded(unit.toNanos(timeout));
    }

    /**
     * Rule 5.8: graceful shutdown, then a wait for the loop thread's end bounded by the
     * coordinator's shutdown deadline; termination only if that deadline elapses or the caller
     * is interrupted (then it returns at once, interrupt status set). On the loop thread: the
     * graceful shutdown only. Idempotent: a second call after the end returns at once.
     */
    @Override
    public void close() {
        shutdown();
        if (onLoopThread()) {
            return; // the loop cannot wait for itself
        }
        boolean ended;
        try {
            ended = thread.awaitEnd(Arguments.saturatedNanos(thread.coordinator().settings().shutdownDeadline()));
        } catch (InterruptedException e) {
            thread.terminate();
            Thread.currentThread().interrupt();
            return;
        }
        if (!ended) {
            thread.terminate();
        }
    }

    @Override
    public String toString() {
        return "BackgroundLoop[" + name + ", " + thread.state() + (isShutdown() ? ", shut down" : "") + "]";
    }

    /**
     * The loop's termination callback: {@link #stopNow(boolean) stopNow(true)} (a named class, so
     * starting a loop links no lambda).
     */
    private static final class StopNow implements TerminationCallback {
        private final ExecutorLoop loop;

        StopNow(ExecutorLoop loop) {
            this.loop = loop;
        }

        @Override
        public void onTerminate(TerminableThread thread) {
            loop.stopNow(true);
        }
    }

    /** A {@link LoopTask} as the {@link Callable} that {@link #submitWithContext} queues. */
    private static final class WithContext<T> implements Callable<T> {
        private final LoopTask<T> task;
        private final ExecutorLoopContext context;

        WithContext(LoopTask<T> task, ExecutorLoopContext context) {
            this.task = task;
            this.context = context;
        }

        @Override
        public T call() throws Exception {
            return task.run(context);
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /**
     * A task future created by this loop: queued as is, cancelled when the loop terminates. Its
     * {@code get} fails at once on this loop's thread while it is not done (rule 5.9): the task
     * could only run after the caller's own task returned.
     */
    private final class LoopFuture<T> extends FutureTask<T> {
        LoopFuture(Callable<T> callable) {
            super(callable);
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            if (!isDone() && onLoopThread()) {
                throw selfWait("Future.get()");
            }
            return super.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            if (!isDone() && onLoopThread()) {
                throw selfWait("Future.get(timeout)");
            }
            return super.get(timeout, unit);
        }
    }

    /**
     * Wraps a task given to {@link #execute}: a failure goes to the loop thread's
     * uncaught-exception handler, as if the task had run on a thread of its own, but the worker
     * survives, because a loop's pool can never start a second worker.
     */
    private final class Reporting implements Runnable {
        private final Runnable task;

        Reporting(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable failure) {
                Thread self = Thread.currentThread();
                self.getUncaughtExceptionHandler().uncaughtException(self, failure);
            }
        }

        @Override
        public String toString() {
            return "task " + task + " of loop '" + name + "'";
        }
    }
}
