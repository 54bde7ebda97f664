package io.github.terminable.reference;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * A task accepted by a background loop, and its future (rule 5.2).
 *
 * <p>A {@link FutureTask}: it completes normally, exceptionally or cancelled. A plain
 * {@link Runnable} given to {@code execute} has no caller to see its failure, so when it throws,
 * the failure is also handed to the loop thread's {@link Thread.UncaughtExceptionHandler} (by
 * default printed to {@code System.err}), as an executor's worker would, but the loop goes on.
 *
 * <p><b>Thread-safety.</b> As {@link FutureTask}.
 *
 * @param <T> the result type
 */
final class LoopFuture<T> extends FutureTask<T> {

    private final boolean reportFailure;

    LoopFuture(Callable<T> callable) {
        super(callable);
        this.reportFailure = false;
    }

    LoopFuture(Runnable runnable, T result, boolean reportFailure) {
        super(runnable, result);
        this.reportFailure = reportFailure;
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
