package io.github.terminable.executor;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ThreadFactory} that hands out one thread, built before the pool asks for it; used by
 * the pool of a background loop ({@link PooledThread}).
 *
 * <p><b>Overview.</b> {@link io.github.terminable.TerminableThread#thread()} must return the real thread from the
 * moment the terminable thread is created, long before a {@link java.util.concurrent.ThreadPoolExecutor}
 * asks its factory for a worker thread. So the thread is created up front, running a trampoline;
 * when the pool calls {@link #newThread(Runnable)} for its first worker, the trampoline is aimed
 * at that worker and the pre-built thread is returned. Any later request returns {@code null},
 * which the pool treats as "cannot add a worker": a loop's pool never runs on a second thread.
 * When the worker's loop returns, the trampoline runs the owner's exit action on the same
 * thread, so "the thread has ended" is decided on the thread itself, after its last task.
 *
 * <p><b>Memory ordering.</b> {@link #worker} is written by the pool before it calls
 * {@link Thread#start()} on the returned thread; {@code Thread.start} <i>happens-before</i> every
 * action of the started thread, so the trampoline reads the right worker.
 */
final class PrebuiltThreadFactory implements ThreadFactory {

    private final Thread thread;
    private final AtomicBoolean handedOut = new AtomicBoolean();
    private final Runnable exitAction;
    /** The pool's worker; written once in {@link #newThread}, before the thread starts. */
    private Runnable worker;

    /**
     * Builds the thread: a non-daemon platform thread (rule 1.9).
     *
     * @param handle the loop's terminable thread, which the thread carries (rule 1.11)
     * @param name the thread's name
     * @param exitAction what the thread runs after its worker returns or throws
     */
    PrebuiltThreadFactory(ExecutorThread handle, String name, Runnable exitAction) {
        this.exitAction = exitAction;
        this.thread = ExecutorThread.newUnderlyingThread(handle, name, false, this::runOnThread);
    }

    /**
     * Returns the pre-built thread.
     *
     * @return the thread; never null
     */
    Thread thread() {
        return thread;
    }

    /**
     * Returns the pre-built thread, aimed at {@code poolWorker}, the first time; {@code null}
     * afterwards.
     *
     * @param poolWorker the pool's worker
     * @return the thread, or {@code null} if it was already handed out
     */
    @Override
    public Thread newThread(Runnable poolWorker) {
        if (!handedOut.compareAndSet(false, true)) {
            return null;
        }
        worker = poolWorker;
        return thread;
    }

    private void runOnThread() {
        try {
            Runnable w = worker;
            worker = null;
            if (w != null) {
                w.run();
            }
        } finally {
            exitAction.run();
        }
    }
}
