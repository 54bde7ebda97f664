package io.github.terminable.executor;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where a termination callback waits when it was dispatched before {@code start()} had started
 * the underlying {@link Thread} (rule 1.1; see {@link ExecutorThread}'s overview).
 *
 * <p><b>Overview.</b> That wait happens only when a request races {@code start()}, so instead of
 * a latch per thread there is one lock and one condition for the whole JVM. A waiter marks its
 * thread as awaited, then waits here until its own condition holds; {@code start()} signals all
 * waiters when it finds the mark. Every waiter re-checks its own thread, so waking waiters of
 * other threads is harmless.
 *
 * <p><b>Thread-safety and memory consistency.</b> The condition is checked and signalled under
 * {@link #LOCK}; the state it reads is volatile, written before {@link #signalAll()} is called.
 */
final class LaunchGate {

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition LAUNCHED = LOCK.newCondition();

    private LaunchGate() {
    }

    /**
     * Waits until {@code launched} returns {@code true}. The caller must have made sure that the
     * thread making it true will call {@link #signalAll()} afterwards.
     *
     * @param launched the condition, re-checked under the lock after every wake-up
     * @throws InterruptedException if the waiting thread is interrupted
     */
    static void await(BooleanSupplier launched) throws InterruptedException {
        LOCK.lock();
        try {
            while (!launched.getAsBoolean()) {
                LAUNCHED.await();
            }
        } finally {
            LOCK.unlock();
        }
    }

    /** Wakes every waiter, so each can re-check its condition. */
    static void signalAll() {
        LOCK.lock();
        try {
            LAUNCHED.signalAll();
        } finally {
            LOCK.unlock();
        }
    }
}
