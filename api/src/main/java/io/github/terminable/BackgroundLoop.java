package io.github.terminable;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The foreground handle of a background event loop: one terminable thread that runs submitted
 * tasks one at a time, where "terminate" is just another event (section 5).
 *
 * <p>Foreground code holds this handle; code running on the loop receives a separate
 * {@link LoopContext}. The two are kept apart on purpose: the handle is safe to use from any
 * thread, while the context's operations only make sense on the loop thread (rule 5.6), so no
 * object ever offers a method that is wrong for the thread holding it.
 *
 * <p>Behaviour as an {@link ExecutorService}:
 * <ul>
 *   <li>{@code submit}, {@code execute}, {@code invokeAll}, {@code invokeAny} and {@link #call}
 *       are thread-safe; accepted tasks run on the loop thread one at a time, in acceptance
 *       order (rule 5.1).</li>
 *   <li>Every {@link Future} handed out completes: normally, exceptionally or cancelled
 *       (rule 5.2).</li>
 *   <li>Once termination is requested (by {@link #terminate()}, {@link #shutdownNow()}, the
 *       coordinator, or an unreachable owner), new work is rejected with
 *       {@link java.util.concurrent.RejectedExecutionException} naming the loop (rule 5.3); the
 *       running task is interrupted, queued tasks are cancelled (or, for {@link #shutdownNow()},
 *       handed back to its caller, rule 5.10), and then the cleanup actions registered through
 *       {@link LoopContext#deferCleanup} run in LIFO order on the loop thread (rules 5.5 and
 *       5.7).</li>
 *   <li>{@link #shutdown()} is the graceful variant: new work is rejected, queued tasks still
 *       run, then termination proceeds as above.</li>
 *   <li>{@link #close()} keeps the contract of {@code ExecutorService.close()} (Java 19 and later): a graceful
 *       shutdown, then a wait for the queued tasks and the cleanups, bounded by the
 *       coordinator's shutdown deadline (rule 5.8).</li>
 *   <li>Waiting on the loop from the loop thread itself ({@code get} on a future of this loop
 *       that is not done, {@code invokeAll}, {@code invokeAny}) would never return; it throws
 *       {@link IllegalStateException} at once instead (rule 5.9). {@link #call} runs inline
 *       there (rule 5.4).</li>
 * </ul>
 *
 * <p><b>Memory consistency.</b> As for {@link ExecutorService}: actions prior to submitting a
 * task <i>happen-before</i> the task runs, and the task's actions <i>happen-before</i> the
 * result is retrieved through its future or returned by {@link #call}.
 */
public interface BackgroundLoop extends ExecutorService, AutoCloseable {

    /**
     * Returns the terminable thread that runs this loop.
     *
     * @return the loop's thread; never {@code null}
     */
    TerminableThread thread();

    /**
     * Runs {@code task} on the loop and waits for its result (rule 5.1). Called from the loop
     * thread itself, the task runs inline instead of being queued, so it cannot deadlock
     * (rule 5.4).
     *
     * @param <T> the result type
     * @param task the task
     * @return the task's result
     * @throws ExecutionException if the task threw
     * @throws InterruptedException if the caller was interrupted while waiting; the task is
     *     then cancelled
     * @throws java.util.concurrent.RejectedExecutionException if termination has been
     *     requested (rule 5.3)
     * @throws NullPointerException if {@code task} is null
     */
    <T> T call(Callable<T> task) throws ExecutionException, InterruptedException;

    /**
     * Submits a task that receives the loop's background {@link LoopContext} (rule 5.5).
     *
     * @param <T> the result type
     * @param task the task
     * @return a future that always completes (rule 5.2)
     * @throws java.util.concurrent.RejectedExecutionException if termination has been
     *     requested (rule 5.3)
     * @throws NullPointerException if {@code task} is null
     */
    <T> Future<T> submitWithContext(LoopTask<T> task);

    /**
     * Requests termination of the loop; same contract as {@link TerminableThread#terminate()}.
     *
     * @return whether this call made the first request
     */
    boolean terminate();

    /**
     * Shuts the loop down gracefully and waits for it to end, as {@code ExecutorService.close()}
     * does, with a bound (rule 5.8):
     * <ol>
     *   <li>like {@link #shutdown()}, new work is rejected and every task submitted before runs;</li>
     *   <li>the caller waits until the loop thread has ended (its queued tasks ran, then its
     *       deferred cleanups), at most for the coordinator's
     *       {@linkplain CoordinatorSettings#shutdownDeadline() shutdown deadline};</li>
     *   <li>if the deadline elapses first, termination is requested as by {@link #terminate()}
     *       (the running task is interrupted, the tasks still queued are cancelled) and
     *       {@code close()} returns without waiting further.</li>
     * </ol>
     * If the caller is interrupted while waiting, termination is requested in the same way, and
     * {@code close()} returns at once with the caller's interrupt status set. Called on the loop
     * thread, it performs step 1 only and returns at once. Idempotent.
     */
    @Override
    void close();

    /**
     * Requests termination and returns the tasks that were queued and never started, in
     * acceptance order (rule 5.10). As with {@link java.util.concurrent.ThreadPoolExecutor},
     * the returned tasks are not cancelled: running one runs its task and completes its future;
     * they belong to the caller from now on.
     *
     * @return the queued tasks, never started
     */
    @Override
    java.util.List<Runnable> shutdownNow();
}
