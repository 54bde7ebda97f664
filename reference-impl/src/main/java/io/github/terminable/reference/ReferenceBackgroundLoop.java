package io.github.terminable.reference;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopTask;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.ThreadState;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A background loop of the reference implementation (section 5): one terminable thread that runs
 * accepted tasks one at a time, in acceptance order.
 *
 * <p>The loop's termination callback is its "terminate" event: it stops the
 * {@link LoopTaskQueue} (queued tasks are cancelled, the running one is interrupted). The loop
 * thread then leaves its loop, runs the cleanup actions deferred through its
 * {@link LoopContextImpl} in LIFO order, and ends. {@link #shutdown()} is the graceful variant:
 * the queue drains first, then the loop requests its own termination (rule 1.6) and ends the
 * same way.
 *
 * <p>A wait for this loop's own work on the loop thread could never return: {@link Future#get()}
 * of a not-done future of this loop, {@link #invokeAll} and {@link #invokeAny} called there throw
 * {@link IllegalStateException} at once (rule 5.9); {@link #call} runs its task inline there
 * (rule 5.4).
 *
 * <p><b>Thread-safety.</b> Every method is safe from any thread.
 *
 * <p><b>Memory consistency.</b> As for {@link java.util.concurrent.ExecutorService}: actions prior
 * to submitting a task <i>happen-before</i> it runs, and its actions <i>happen-before</i> its
 * result is retrieved.
 */
final class ReferenceBackgroundLoop extends AbstractExecutorService implements BackgroundLoop {

    private final ReferenceCoordinator coordinator;
    private final String name;
    private final ReferenceTerminableThread thread;
    private final LoopTaskQueue queue;
    private final LoopContextImpl context;

    /**
     * Creates an unstarted loop; {@link ReferenceLoopBuilder} starts its thread.
     *
     * @param coordinator its coordinator
     * @param name its name
     * @param owner a weak reference to its owner, or {@code null}
     * @param awaitedInTurn whether its terminate-phase turn waits for its thread to end (rule 3.11)
     */
    ReferenceBackgroundLoop(ReferenceCoordinator coordinator, String name, WeakReference<Object> owner,
                            boolean awaitedInTurn) {
        this.coordinator = coordinator;
        this.name = name;
        LoopBody body = new LoopBody(this);
        this.thread = coordinator.newThread(name, body, owner, false, awaitedInTurn, body);
        this.queue = new LoopTaskQueue(name, thread);
        this.context = new LoopContextImpl(name, thread);
    }

    /**
     * The loop thread's body and its termination callback, one small named class instead of two
     * lambdas: each lambda would spin a hidden class (and the first one the lambda machinery) when
     * a process starts its first loop (benchmarks/RESULTS.md, row 5).
     */
    private static final class LoopBody implements Runnable, TerminationCallback {
        private final ReferenceBackgroundLoop loop;

        LoopBody(ReferenceBackgroundLoop loop) {
            this.loop = loop;
        }

        @Override
        public void run() {
            loop.runLoop();
        }

        @Override
        public void onTerminate(TerminableThread terminated) {
            loop.onTerminate();
        }
    }

    /** A task submitted with {@link #submitWithContext}: runs with this loop's context. */
    private static final class ContextCall<T> implements Callable<T> {
        private final LoopTask<T> task;
        private final LoopContextImpl context;

        ContextCall(LoopTask<T> task, LoopContextImpl context) {
            this.task = task;
            this.context = context;
        }

        @Override
        public T call() throws Exception {
            return task.run(context);
        }
    }

    /** The termination callback: the loop's "terminate" event (rule 5.7). */
    private void onTerminate() {
        queue.stop(thread.thread());
    }

    /** The loop thread's body. */
    private void runLoop() {
        try {
            LoopFuture<?> task;
            while ((task = queue.take()) != null) {
                try {
                    task.run();
                } finally {
                    queue.taskDone();
                    Thread.interrupted(); // an interrupt aimed at this task must not reach the next
                }
            }
        } finally {
            queue.end();
            thread.terminate(); // after a graceful shutdown; otherwise already requested, a no-op
            Thread.interrupted();
            context.runCleanups(); // rule 5.5
        }
    }

    private boolean onLoopThread() {
        return Thread.currentThread() == thread.thread();
    }

    @Override
    public TerminableThread thread() {
        return thread;
    }

    // ---------------------------------------------------------------- submission

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command must not be null");
        LoopFuture<?> task = command instanceof LoopFuture<?> f ? f : new LoopFuture<Void>(this, command, null, true);
        queue.offer(task);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return super.submit(Objects.requireNonNull(task, "task must not be null"));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return super.submit(Objects.requireNonNull(task, "task must not be null"), result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return super.submit(Objects.requireNonNull(task, "task must not be null"));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new LoopFuture<>(this, runnable, value, false);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new LoopFuture<>(this, callable);
    }

    @Override
    public <T> Future<T> submitWithContext(LoopTask<T> task) {
        Objects.requireNonNull(task, "task must not be null");
        LoopFuture<T> future = new LoopFuture<>(this, new ContextCall<>(task, context));
        queue.offer(future);
        return future;
    }

    /**
     * {@inheritDoc}
     *
     * <p>If the loop terminates before the task has run, the task is cancelled and this method
     * throws {@link java.util.concurrent.RejectedExecutionException} naming the loop.
     */
    @Override
    public <T> T call(Callable<T> task) throws ExecutionException, InterruptedException {
        Objects.requireNonNull(task, "task must not be null");
        if (onLoopThread()) {
            queue.checkAccepting();
            try {
                return task.call();
            } catch (Throwable failure) {
                throw new ExecutionException(failure);
            }
        }
        LoopFuture<T> future = new LoopFuture<>(this, task);
        queue.offer(future);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (CancellationException e) {
            java.util.concurrent.RejectedExecutionException rejected =
                    queue.rejected("it terminated before the task could run");
            rejected.initCause(e);
            throw rejected;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the loop thread: throws {@link IllegalStateException} at once and accepts no task
     * (rule 5.9).
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        requireTasks(tasks);
        checkNotSelfWait("invokeAll");
        return super.invokeAll(tasks);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the loop thread: throws {@link IllegalStateException} at once and accepts no task
     * (rule 5.9).
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        requireTasks(tasks);
        Objects.requireNonNull(unit, "unit must not be null");
        checkNotSelfWait("invokeAll");
        return super.invokeAll(tasks, timeout, unit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the loop thread: throws {@link IllegalStateException} at once and accepts no task
     * (rule 5.9).
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        requireTasks(tasks);
        requireNotEmpty(tasks);
        checkNotSelfWait("invokeAny");
        return super.invokeAny(tasks);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the loop thread: throws {@link IllegalStateException} at once and accepts no task
     * (rule 5.9).
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        requireTasks(tasks);
        requireNotEmpty(tasks);
        Objects.requireNonNull(unit, "unit must not be null");
        checkNotSelfWait("invokeAny");
        return super.invokeAny(tasks, timeout, unit);
    }

    /**
     * Throws if called on this loop's thread, where waiting for this loop's work could never
     * return (rule 5.9).
     *
     * @param operation what was called, for the message
     * @throws IllegalStateException naming the loop, on the loop thread
     */
    void checkNotSelfWait(String operation) {
        if (onLoopThread()) {
            throw new IllegalStateException(operation + " called on the thread of background loop '" + name
                    + "' would wait for work of that same loop, which runs only on this thread: the wait would"
                    + " never return");
        }
    }

    private static void requireTasks(Collection<?> tasks) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        for (Object task : tasks) {
            Objects.requireNonNull(task, "tasks must not contain null");
        }
    }

    private static void requireNotEmpty(Collection<?> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public boolean terminate() {
        return thread.terminate();
    }

    /** Graceful: new work is rejected, queued tasks still run, then the loop terminates. */
    @Override
    public void shutdown() {
        queue.beginDraining();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Requests termination (as {@link #terminate()}), and at once removes the queued tasks
     * and interrupts the running one (rule 5.10).
     *
     * @return the tasks that never ran, in acceptance order, <em>not</em> cancelled: running one
     *     runs its task and completes its future; they belong to the caller
     */
    @Override
    public List<Runnable> shutdownNow() {
        // Stop the queue here, before requesting termination: the request's callback stops the
        // queue too, on a terminator, and whichever stop() comes first takes the queued tasks
        // (and cancels them). Stopping first guarantees that this caller receives them, uncancelled.
        List<Runnable> neverRun = new ArrayList<>(queue.stop(thread.thread(), false));
        thread.terminate();
        return neverRun;
    }

    @Override
    public boolean isShutdown() {
        return thread.isTerminationRequested() || !queue.isAccepting();
    }

    @Override
    public boolean isTerminated() {
        return thread.state() == ThreadState.ENDED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit must not be null");
        long nanos = unit.toNanos(timeout);
        if (nanos > 0 && thread.state() != ThreadState.NEW) {
            return coordinator.awaitEnded(thread, nanos); // the end of the loop thread's body (rule 4.11)
        }
        return isTerminated();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rule 5.8: a graceful {@link #shutdown()}; then a wait of at most
     * {@code shutdownDeadline} until the loop thread has ended (queued tasks ran, then the
     * cleanups); if the deadline elapses, or the caller is interrupted while waiting,
     * {@link #terminate()} and return at once (an interrupt status is kept). On the loop thread:
     * the graceful shutdown only. Idempotent.
     */
    @Override
    public void close() {
        shutdown();
        if (onLoopThread()) {
            return;
        }
        boolean ended = false;
        boolean interrupted = false;
        try {
            ended = awaitTermination(Arguments.toNanosSaturated(coordinator.settings().shutdownDeadline()),
                    TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (!ended) {
            thread.terminate();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BackgroundLoop[" + name + ", " + thread.state() + (thread.isTerminationRequested()
                ? ", termination requested" : "") + "]";
    }
}
