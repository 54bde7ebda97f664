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
 * A background loop: a terminable thread ({@link PooledThread}) that runs the tasks of its own
 * {@link LoopQueue}, fed through the {@link java.util.concurrent.ExecutorService} interface
 * (section 5).
 *
 * <p><b>Overview.</b>
 * <ul>
 *   <li>Tasks are {@link FutureTask}s in the loop's FIFO queue and run on the loop thread one at
 *       a time, in acceptance order (rule 5.1).</li>
 *   <li>The loop's termination callback is {@link LoopQueue#stop stop(true)} on the queue: it
 *       closes the queue, interrupts the running task and takes the queued ones, which are
 *       cancelled, so every future completes (rules 5.2 and 5.7).</li>
 *   <li>Work is rejected as soon as termination is <em>requested</em>, before the callback has
 *       run, by checking the thread's request flag; afterwards the closed queue itself rejects.
 *       Either way the {@link RejectedExecutionException} names the loop (rule 5.3). A task
 *       that passes the check while the queue is being closed is either rejected by the queue
 *       or accepted; an accepted task runs, or is cancelled by a termination: the queue's end
 *       is linked after the last accepted task, so a task accepted around a graceful
 *       {@link #shutdown()} always runs (see {@link LoopQueue}).</li>
 *   <li>{@link #shutdown()} closes the queue: queued tasks still run; when the loop thread
 *       reaches the queue's end it leaves its loop, and the loop requests its own termination
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
final class ExecutorLoop extends AbstractExecutorService implements BackgroundLoop {

    private final String name;
    private final PooledThread thread;
    private final ExecutorLoopContext context;
    /** The loop's tasks; its consumer is {@link #thread}'s thread. */
    private final LoopQueue queue;

    ExecutorLoop(ExecutorCoordinator coordinator, String name, OwnerReference owner, boolean awaitedInTurn) {
        this.name = name;
        this.context = new ExecutorLoopContext(this);
        this.thread = new PooledThread(coordinator, name, new StopNow(this), this, owner, awaitedInTurn);
        this.queue = new LoopQueue(thread.thread());
    }

    /** Returns the loop's name. */
    String name() {
        return name;
    }

    /** Returns where the outcomes of the loop's coordinator are reported (a failed cleanup, rule 5.5). */
    Reporter reporter() {
        return thread.reporter();
    }

    /** Returns whether the caller is the loop thread. */
    boolean onLoopThread() {
        return Thread.currentThread() == thread.thread();
    }

    @Override
    public TerminableThread thread() {
        return thread;
    }

    // ---------------------------------------------------------------- the loop thread's work

    /** Runs the loop's tasks until the loop ends; called by {@link PooledThread} on the loop thread. */
    void runWorker() {
        queue.runTasks();
    }

    /**
     * Runs on the loop thread after {@link #runWorker} returned or threw, before the thread is
     * marked ended; called by {@link PooledThread} once. Does not throw.
     */
    void afterWorkerExit() {
        // From here no stop() interrupts this thread, and every taken future has been cancelled
        // or handed back (rules 5.2 and 5.5).
        queue.exit();
        // After a graceful shutdown() the queue is empty now: the loop requests its own
        // termination (rule 5.7). A no-op if termination was requested already.
        thread.terminate();
        // A stop() may have interrupted this thread; cleanup actions must not inherit that (rule 5.5).
        Thread.interrupted();
        context.runCleanups();
    }

    /** The message of the {@link RejectedExecutionException} for this loop (rule 5.3). */
    private String rejectionMessage() {
        return "background loop '" + name + "' rejects the task: "
                + (thread.isTerminationRequested() ? "its termination has been requested" : "it has been shut down");
    }

    // ---------------------------------------------------------------- ExecutorService

    @Override
    public void execute(Runnable command) {
        Arguments.notNull(command, "command");
        Runnable task = command instanceof LoopFuture ? command : new Reporting(command);
        // The request flag first: a loop whose termination was requested rejects at once, before
        // its callback has closed the queue (rule 5.3). Then the queue, closed by shutdown() and
        // by every stop.
        if (thread.isTerminationRequested() || !queue.offer(task)) {
            throw new RejectedExecutionException(rejectionMessage());
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
        requireSomeTasks(tasks);
        requireNoSelfWait(tasks, "invokeAny");
        return super.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Arguments.notNull(unit, "unit");
        requireSomeTasks(tasks);
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

    /**
     * {@code invokeAny} without tasks is bad input, as {@code ExecutorService} specifies: it
     * waits for nothing, so it fails with {@code IllegalArgumentException} on the loop thread too
     * (arguments before state, rule 1.10).
     */
    private static void requireSomeTasks(Collection<?> tasks) {
        if (Arguments.notNull(tasks, "tasks").isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty: invokeAny needs at least one task");
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
        queue.close();
    }

    @Override
    public List<Runnable> shutdownNow() {
        // Stop the queue here first, then request termination: the request's callback stops the
        // queue too, on a terminator, and whichever stop comes first takes the queued tasks.
        // Stopping first guarantees that this caller receives them, not cancelled (rule 5.10):
        // running one runs its task and completes its future, as with ThreadPoolExecutor.
        List<Runnable> neverRan = queue.stop(false);
        thread.terminate();
        return neverRan;
    }

    @Override
    public boolean isShutdown() {
        return thread.isTerminationRequested() || queue.isClosed();
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
     * The loop's termination callback: {@link LoopQueue#stop stop(true)} on the loop's queue
     * (a named class, so starting a loop links no lambda).
     */
    private static final class StopNow implements TerminationCallback {
        private final ExecutorLoop loop;

        StopNow(ExecutorLoop loop) {
            this.loop = loop;
        }

        @Override
        public void onTerminate(TerminableThread thread) {
            loop.queue.stop(true);
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
     * survives: the loop has only its one thread.
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
