package io.github.terminable.tck.harness;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Work that takes time, for the bodies, callbacks and cleanups of tests and child scenarios: it
 * only makes a duration or an overlap visible, the way real work that takes time would. It is
 * never how a test waits for another thread; tests synchronize with latches, gates, joins and
 * {@link Kit#awaitUntil}.
 *
 * <p>Every method occupies the calling thread by waiting on a latch that is never counted down,
 * so an interrupt ends the work as it would end a blocking call.
 *
 * <p><b>Thread-safety.</b> Stateless; safe from any thread.
 */
public final class SimulatedWork {

    /** Never counted down: a timed wait on it lasts its whole timeout unless interrupted. */
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private SimulatedWork() {
    }

    /**
     * Occupies the caller for {@code duration}.
     *
     * @param duration how long the work takes
     * @throws InterruptedException if the caller is interrupted first (its status is cleared, as
     *     by any blocking call)
     */
    public static void takes(Duration duration) throws InterruptedException {
        NEVER.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Occupies the caller for {@code base} scaled by the TCK's time factor; an interrupt ends the
     * work early and stays set on return.
     *
     * @param base how long the work takes at time factor 1
     */
    public static void takesScaled(Duration base) {
        try {
            takes(TckTime.scaled(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Occupies the caller for {@code duration} whatever interrupts it gets, and sets the interrupt
     * status again on return if there was one: cleanup that must run to its end.
     *
     * @param duration how long the work takes
     */
    public static void takesUninterruptibly(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            try {
                takes(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Occupies the caller until it is interrupted: work that never ends on its own.
     *
     * @throws InterruptedException when the caller is interrupted
     */
    public static void untilInterrupted() throws InterruptedException {
        NEVER.await();
    }
}
