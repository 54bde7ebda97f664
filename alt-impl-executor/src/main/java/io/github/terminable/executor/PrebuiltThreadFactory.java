package io.github.terminable.executor;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The loop thread's side of its pool ({@link PooledThread}): a {@link ThreadFactory} that hands
 * out one thread, built before the pool asks for it; the {@link Runnable} that thread runs (a
 * trampoline into the pool's worker); and the pool's {@link RejectedExecutionHandler}, which
 * names the loop. One object, so a loop costs no adapter objects and no lambda classes.
 *
 * <p><b>Overview.</b> {@link io.github.terminable.TerminableThread#thread()} must return the real thread from the
 * moment the terminable thread is created, long before a {@link ThreadPoolExecutor}
 * asks its factory for a worker thread. So the thread is created up front, running this object
 * as its trampoline; when the pool calls {@link #newThread(Runnable)} for its first worker, the
 * trampoline is aimed at that worker and the pre-built thread is returned. Any later request
 * returns {@code null}, which the pool treats as "cannot add a worker": a loop's pool never runs
 * on a second thread. When the worker's loop returns, the trampoline tells the owner
 * ({@link PooledThread#workerExited()}) on the same thread, so "the thread has ended" is decided on
 * the thread itself, after its last task.
 *
 * <p><b>Memory ordering.</b> {@link #worker} is written by the pool before it calls
 * {@link Thread#start()} on the returned thread; {@code Thread.start} <i>happens-before</i> every
 * action of the started thread, so the trampoline reads the right worker. {@link #handedOut} is
 * guarded by this object's monitor (the pool may call {@code newThread} from several threads).
 */
final class PrebuiltThreadFactory implements ThreadFactory, Runnable, RejectedExecutionHandler {

    private final Thread thread;
    private final PooledThread owner;
    private final WorkerPlan plan;
    /** Whether {@link #thread} was handed out; guarded by this object's monitor. */
    private boolean handedOut;
    /** The pool's worker; written once in {@link #newThread}, before the thread starts. */
    private Runnable worker;

    /**
     * Builds the thread: a non-daemon platform thread (rule 1.9).
     *
     * @param owner the loop's terminable thread, which the thread carries (rule 1.11) and which is
     *     told when the worker returns
     * @param name the thread's name
     * @param plan names the loop in rejections
     */
    PrebuiltThreadFactory(PooledThread owner, String name, WorkerPlan plan) {
        this.owner = owner;
        this.plan = plan;
        this.thread = ExecutorThread.newUnderlyingThread(owner, name, false, this);
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
    public synchronized Thread newThread(Runnable poolWorker) {
        if (handedOut) {
            return null;
        }
        handedOut = true;
        worker = poolWorker;
        return thread;
    }

    /** The trampoline: runs on the pre-built thread only; see the class overview. */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("runs only as the loop thread's target");
        }
        try {
            Runnable w = worker;
            worker = null;
            if (w != null) {
                w.run();
            }
        } finally {
            owner.workerExited();
        }
    }

    /** Rejects a task the pool no longer accepts, naming the loop (rule 5.3). */
    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
        throw new RejectedExecutionException(plan.rejectionMessage());
    }
}
