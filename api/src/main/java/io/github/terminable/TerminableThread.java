package io.github.terminable;

import java.time.Duration;
import java.util.Optional;

/**
 * A thread that its coordinator asks to terminate, in order, when its coordinator shuts down:
 * the foreground handle a library keeps for a thread it owns.
 *
 * <p>Created by a {@link TerminableThreadBuilder}; registered with its coordinator by
 * {@link #start()} (rule 1.1). Platform terminable threads are non-daemon (rule 1.9), so their
 * cleanup runs fully. A thread of the JVM-wide coordinator, or of a coordinator attached to it
 * (rule 2.7), does not keep the JVM alive once {@code main} has ended: it is terminated at
 * quiescence (rules 4.2 to 4.7). A thread of an independent coordinator that is not attached
 * keeps the JVM alive like any non-daemon thread until its coordinator shuts down (rule 2.5).
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread, including the terminable
 * thread itself and a termination callback.
 *
 * <p><b>Memory consistency.</b> Actions in a thread prior to {@link #terminate()}
 * <i>happen-before</i> the invocation of the callback that request causes. Actions of the
 * thread's body <i>happen-before</i> {@link #join(Duration)} returning {@code true} and
 * {@link #state()} returning {@link ThreadState#ENDED}.
 */
public interface TerminableThread {

    /**
     * Returns the handle of the terminable thread that the caller runs on (rule 1.11): inside a
     * body or a loop task, the handle of that thread or loop thread; on any other thread
     * (plain threads, terminators, listeners) an empty optional.
     *
     * @return the current terminable thread, if the caller runs on one
     * @throws TerminableProviderException if no provider can be found (rule 7.3)
     */
    static Optional<TerminableThread> current() {
        return Terminables.provider().currentThread();
    }

    /**
     * Returns the thread's name, as given to its builder.
     *
     * @return the name; never {@code null}
     */
    String name();

    /**
     * Returns the underlying {@link Thread}. Use it to read the thread's identity and stack; do
     * not start it directly or change its daemon status.
     *
     * @return the underlying thread; never {@code null}
     */
    Thread thread();

    /**
     * Returns the coordinator this thread registers with.
     *
     * @return the coordinator; never {@code null}
     */
    TerminationCoordinator coordinator();

    /**
     * Registers the thread with its coordinator, then starts it (rule 1.1). Registration order
     * is the order in which {@code start()} calls succeed (rule 2.1). If termination was
     * requested before this call, the callback is invoked once the thread is registered
     * (rule 1.4).
     *
     * @throws IllegalStateException if the thread was already started (rule 1.10); its state is
     *     unchanged
     * @throws ShutdownInProgressException if the coordinator's shutdown has begun (rule 2.3); the
     *     thread stays {@link ThreadState#NEW} and is not started
     */
    void start();

    /**
     * Requests termination. Thread-safe and non-blocking: the callback runs on an
     * implementation-owned thread, and this method does not wait for it (rules 1.2 and 1.8).
     *
     * <ul>
     *   <li>Before {@link #start()}: the request is kept and honoured once started (rule 1.4).</li>
     *   <li>While running: the callback is invoked exactly once, however many callers (rule 1.2).</li>
     *   <li>After the thread has ended: a no-op (rule 1.5).</li>
     *   <li>From the thread itself: works, and does not wait for its own callback (rule 1.6).</li>
     * </ul>
     *
     * @return {@code true} if this call made the first request and the thread had not ended;
     *     {@code false} otherwise (rule 1.3)
     */
    boolean terminate();

    /**
     * Returns whether termination has been requested, by {@link #terminate()}, by shutdown, or
     * because the owner became unreachable.
     *
     * @return {@code true} once a request has been accepted
     */
    boolean isTerminationRequested();

    /**
     * Returns the lifecycle state.
     *
     * @return the current state; never {@code null}
     */
    ThreadState state();

    /**
     * Waits for the thread's body to end.
     *
     * @param timeout how long to wait at most; must be positive. A timeout too long to count in
     *     nanoseconds, such as {@code Duration.ofSeconds(Long.MAX_VALUE)}, waits without bound.
     * @return {@code true} if the thread has ended, {@code false} if the timeout elapsed first or
     *     the thread was never started (then at once, without waiting; rule 2.2)
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    boolean join(Duration timeout) throws InterruptedException;
}
