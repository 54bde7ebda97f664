package io.github.terminable.examples.internal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a future within a bound, ignoring interrupts until the bound is reached.
 *
 * <p>Used by the closing handshake, which runs while its thread is being terminated: the
 * terminate request interrupts the thread, yet the close frame must still go out. The wait is
 * bounded, so ignoring the interrupt delays termination by at most the bound; the interrupt is
 * re-asserted before returning so callers further up still see it.
 *
 * <p><b>Thread-safety.</b> Stateless; safe from any thread.
 */
final class BoundedWait {

    private BoundedWait() {
    }

    /**
     * Waits for {@code future} at most {@code bound}.
     *
     * @param future the future
     * @param bound the longest wait
     * @return {@code true} if the future completed normally within the bound
     */
    static boolean await(Future<?> future, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true; // remembered; the loop retries with what is left of the bound
                } catch (ExecutionException | CancellationException | TimeoutException e) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
