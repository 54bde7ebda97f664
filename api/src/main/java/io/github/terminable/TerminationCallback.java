package io.github.terminable;

/**
 * What a {@link TerminableThread} does when asked to terminate: typically it tells the thread's
 * body to stop, by interrupting it, closing the socket or channel it blocks on, putting a
 * sentinel into the queue it reads, or setting a flag it polls (see the spec's "How to Teach
 * This").
 *
 * <p>A callback is invoked at most once per thread (rule 1.2), on a thread owned by the
 * implementation, never on the thread that requested termination (rule 1.8). It should return
 * quickly: it signals the thread, it does not wait for it. A callback that blocks for longer
 * than the coordinator's {@link CoordinatorSettings#callbackTimeout() callback timeout} is
 * reported as overrun and no longer holds back the other callbacks (rule 3.4). An exception or
 * error it throws is reported and never stops other callbacks from running (rule 3.5).
 *
 * <p>A callback may call {@link TerminableThread#terminate()},
 * {@link TerminationCoordinator#shutdown()} or even {@code System.exit}; none of these deadlock
 * (rules 3.9 and 4.9).
 */
@FunctionalInterface
public interface TerminationCallback {

    /**
     * Asks {@code thread} to finish its work and end.
     *
     * @param thread the thread being terminated
     * @throws Exception any failure, which is reported (rule 3.5)
     */
    void onTerminate(TerminableThread thread) throws Exception;

    /**
     * The default callback (rule 1.7): {@link Thread#interrupt()} on the terminable thread.
     *
     * @return a callback that interrupts the thread being terminated
     */
    static TerminationCallback interrupt() {
        return thread -> thread.thread().interrupt();
    }
}
