package io.github.terminable.tck.harness;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot gate that test code blocks on until the test opens it. Every gate a {@link Kit}
 * hands out is opened when the test ends, so a blocked callback or body never outlives its
 * test; a test that creates a gate itself opens it in its own clean-up.
 *
 * <p>Thread-safe. Opening <i>happens-before</i> every return from {@link #pass()}.
 */
public final class Gate {

    private final String name;
    private final CountDownLatch latch = new CountDownLatch(1);

    /**
     * Creates a closed gate.
     *
     * @param name the name failure messages use
     */
    public Gate(String name) {
        this.name = name;
    }

    /** Opens the gate; idempotent. */
    public void open() {
        latch.countDown();
    }

    /**
     * Returns whether the gate is open.
     *
     * @return true once opened
     */
    public boolean isOpen() {
        return latch.getCount() == 0;
    }

    /**
     * Blocks until the gate opens, at most for the test timeout.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws AssertionError if the gate did not open within the test timeout
     */
    public void pass() throws InterruptedException {
        if (!latch.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("gate '" + name + "' was never opened");
        }
    }

    /**
     * Blocks until the gate opens, ignoring interrupts (which are restored afterwards): models
     * code that does not respond to interruption.
     */
    public void passUninterruptibly() {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TckTime.testTimeout().toNanos();
        while (!isOpen() && System.nanoTime() < deadline) {
            try {
                latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Gate[" + name + (isOpen() ? ", open]" : ", closed]");
    }
}
