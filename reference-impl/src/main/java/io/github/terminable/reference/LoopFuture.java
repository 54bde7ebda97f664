package io.github.terminable.reference;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task accepted by a background loop, and its future (rule 5.2).
 *
 * <p>A {@link FutureTask}: it completes normally, exceptionally or cancelled. A plain
 * {@link Runnable} given to {@code execute} has no caller to see its failure, so when it throws,
 * the failure is also handed to the loop thread's {@link Thread.UncaughtExceptionHandler} (by
 * default printed to {@code System.err}), as an executor's worker would, but the loop goes on.
 *
 * <p>It knows the loop that accepted it, so that a wait for it on that loop's own thread fails at
 * once instead of never returning (rule 5.9).
 *
 * <p><b>Thread-safety.</b> As {@link FutureTask}.
 *
 * @param <T> the result type
 */
final class LoopFuture<T> extends FutureTask<T> {

    private final ReferenceBackgroundLoop loop;
    private final boolean reportFailure;

    LoopFuture(ReferenceBackgroundLoop loop, Callable<T> callable) {
        super(callable);
        this.loop = loop;
        this.reportFailure = false;
    }

    LoopFuture(ReferenceBackgroundLoop loop, Runnable runnable, T result, boolean reportFailure) {
        super(runnable, result);
        this.loop = loop;
        this.reportFailure = reportFailure;
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the thread of the loop that accepted this task, while the task is not done: throws
     * {@link IllegalStateException} at once, naming the loop (rule 5.9).
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            loop.checkNotSelfWait("Future.get()");
        }
        return super.get();
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the thread of the loop that accepted this task, while the task is not done: throws
     * {@link IllegalStateException} at once, naming the loop (rule 5.9).
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone()) {
            loop.checkNotSelfWait("Future.get(timeout)");
        }
        return super.get(timeout, unit);
    }

    @Override
    protected void setException(Throwable failure) {
        super.setException(failure);
        if (reportFailure) {
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, failure);
        }
    }
}
