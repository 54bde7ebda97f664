package io.github.terminable.reference;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopTask;
import io.github.terminable.TerminableThread;
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
 * <p>A task that blocks on {@link Future#get()} of another task of the same loop deadlocks, as on
 * any single-threaded executor; {@link #call}, {@link #invokeAll} and {@link #invokeAny} detect
 * that they are called on the loop thread and run the tasks inline instead (rule 5.4).
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
     */
    ReferenceBackgroundLoop(ReferenceCoordinator coordinator, String name, WeakReference<Object> owner) {
        this.coordinator = coordinator;
        this.name = name;
        this.thread = coordinator.newThread(name, t -> onTerminate(), owner, false, this::runLoop);
        this.queue = new LoopTaskQueue(name, thread::isTerminationRequested);
        this.context = new LoopContextImpl(name, thread);
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
        LoopFuture<?> task = command instanceof LoopFuture<?> f ? f : new LoopFuture<Void>(command, null, true);
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
        return new LoopFuture<>(runnable, value, false);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new LoopFuture<>(callable);
    }

    @Override
    public <T> Future<T> submitWithContext(LoopTask<T> task) {
        Objects.requireNonNull(task, "task must not be null");
        LoopFuture<T> future = new LoopFuture<>(() -> task.run(context));
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
        LoopFuture<T> future = new LoopFuture<>(task);
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

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        requireTasks(tasks);
        if (!onLoopThread()) {
            return super.invokeAll(tasks);
        }
        return invokeAllInline(tasks, Long.MAX_VALUE);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        requireTasks(tasks);
        Objects.requireNonNull(unit, "unit must not be null");
        if (!onLoopThread()) {
            return super.invokeAll(tasks, timeout, unit);
        }
        return invokeAllInline(tasks, unit.toNanos(timeout));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        requireTasks(tasks);
        if (!onLoopThread()) {
            return super.invokeAny(tasks);
        }
        try {
            return invokeAnyInline(tasks, Long.MAX_VALUE);
        } catch (TimeoutException impossible) {
            throw new ExecutionException(impossible);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        requireTasks(tasks);
        Objects.requireNonNull(unit, "unit must not be null");
        if (!onLoopThread()) {
            return super.invokeAny(tasks, timeout, unit);
        }
        return invokeAnyInline(tasks, unit.toNanos(timeout));
    }

    /** invokeAll on the loop thread: the tasks run inline, one after the other (rule 5.4). */
    private <T> List<Future<T>> invokeAllInline(Collection<? extends Callable<T>> tasks, long timeoutNanos) {
        List<LoopFuture<T>> futures = newInlineTasks(tasks);
        long deadline = System.nanoTime() + timeoutNanos;
        for (LoopFuture<T> f : futures) {
            if (timeoutNanos != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                f.cancel(false);
            } else {
                f.run();
            }
        }
        return new ArrayList<>(futures);
    }

    /** invokeAny on the loop thread: the tasks run inline until one succeeds (rule 5.4). */
    private <T> T invokeAnyInline(Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<LoopFuture<T>> futures = newInlineTasks(tasks);
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        ExecutionException last = null;
        for (LoopFuture<T> f : futures) {
            if (timeoutNanos != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                throw new TimeoutException("invokeAny on background loop '" + name + "' timed out");
            }
            f.run();
            try {
                return f.get();
            } catch (ExecutionException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void requireTasks(Collection<?> tasks) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        for (Object task : tasks) {
            Objects.requireNonNull(task, "tasks must not contain null");
        }
    }

    private <T> List<LoopFuture<T>> newInlineTasks(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        List<LoopFuture<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) {
            futures.add(new LoopFuture<>(Objects.requireNonNull(c, "tasks must not contain null")));
        }
        queue.checkAccepting();
        return futures;
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
     * <p>Requests termination (as {@link #terminate()}), and at once removes and cancels the
     * queued tasks and interrupts the running one.
     *
     * @return the tasks that never ran; they are already cancelled
     */
    @Override
    public List<Runnable> shutdownNow() {
        // Stop the queue here, before requesting termination: the request's callback stops the
        // queue too, on a terminator, and whichever stop() comes first takes the queued tasks.
        // Stopping first guarantees that this caller receives them.
        List<Runnable> neverRun = new ArrayList<>(queue.stop(thread.thread()));
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
            TimeUnit.NANOSECONDS.timedJoin(thread.thread(), nanos);
        }
        return isTerminated();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rule 5.8. If the waiting thread is interrupted, it stops waiting and its
     * interrupt status is restored.
     */
    @Override
    public void close() {
        thread.terminate();
        if (onLoopThread()) {
            return;
        }
        try {
            thread.join(coordinator.settings().shutdownDeadline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BackgroundLoop[" + name + ", " + thread.state() + (thread.isTerminationRequested()
                ? ", termination requested" : "") + "]";
    }
}
