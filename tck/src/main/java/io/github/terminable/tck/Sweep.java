package io.github.terminable.tck;

import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.TckKnobs;
import io.github.terminable.tck.harness.TckTime;

import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToLongFunction;

/**
 * Two racing calls made at a chosen distance in time, over and over, the distance swept across a
 * range: the race tests' way into a window that the public API offers no hook inside, such as
 * the few nanoseconds between checking and setting a "requested" flag in {@code terminate()}
 * (see {@code tck/README.md}, "Races and repetitions").
 *
 * <p>Each attempt: {@code prepare} runs on the test thread; two helper threads wake, and each
 * announces that it runs; the second to do so sets a common instant a few microseconds ahead;
 * each helper busy-waits on {@code System.nanoTime()} until that instant plus its own delay (the
 * offset of the attempt puts the second call that many nanoseconds after the first, or before
 * it if negative) and makes its call; then {@code check} runs on the test thread. Scheduling the
 * instant only once both helpers are known to run makes it likelier that both still run when it
 * comes on a loaded machine: measured with one core busy elsewhere, 28% of the pairs were made
 * within 100 ns of their intended distance, against 12% for an instant fixed 300 &micro;s ahead
 * before the helpers woke.
 *
 * <p>Each helper notes when it actually made its call. An attempt whose two calls were more than
 * a tolerance away from their intended distance (a helper was descheduled in between) is still
 * checked, but does not count: attempts go on until {@value TckKnobs#REPETITIONS_PROPERTY}
 * &times; {@link #STEPS} have met, for up to {@link TckTime#awaitWindow()} in all. Where the
 * machine is too busy for that, the test is aborted with the counts rather than passed.
 *
 * <p>Memory ordering: the test thread publishes each {@link Attempt} before the barrier releases
 * the helpers, and reads what they noted after both have met it again; the barrier orders both.
 * Between the helpers, the instant is handed over through volatile fields.
 */
final class Sweep {

    /** How the message of a sweep aborted for a machine too busy to run it begins. */
    static final String TOO_BUSY = "the machine is too busy for this race";
    /** Attempts per repetition that must meet: one pass over every offset. */
    static final int STEPS = 16;
    /** How far ahead the second helper to announce itself sets the common instant. */
    private static final long LEAD_NANOS = 5_000;

    /** A step of the test thread, given the attempt number or a text naming the attempt. */
    interface Step<T> {
        void run(T argument) throws Exception;
    }

    private Sweep() {
    }

    /**
     * Runs the sweep; see the class comment.
     *
     * @param kit the test's kit, which starts and tracks the two helpers
     * @param offset how many nanoseconds after the first call the second is made, per attempt
     *        number (negative: before it)
     * @param tolerance how far, in nanoseconds, the calls may be from that distance for the
     *        attempt to count
     * @param prepare run on the test thread before each attempt, with its number from 0
     * @param first the first helper's call
     * @param second the second helper's call
     * @param check run on the test thread after each attempt, with a text that names the attempt,
     *        the intended and the actual distance
     * @throws Exception what {@code prepare} or {@code check} throws, or a failed barrier
     * @throws TestAbortedException if too few attempts met within the await window
     */
    static void run(Kit kit, IntToLongFunction offset, long tolerance, Step<Integer> prepare, Runnable first,
                    Runnable second, Step<String> check) throws Exception {
        int needed = TckKnobs.repetitions() * STEPS;
        long budget = TckTime.awaitWindow().toNanos();
        long began = System.nanoTime();
        CyclicBarrier barrier = new CyclicBarrier(3);
        AtomicReference<Attempt> current = new AtomicReference<>();
        List<Thread> helpers = List.of(
                kit.spawn("sweep-first", () -> helper(barrier, current, 0, first)),
                kit.spawn("sweep-second", () -> helper(barrier, current, 1, second)));
        int met = 0;
        int attempts = 0;
        try {
            while (met < needed && System.nanoTime() - began < budget) {
                prepare.run(attempts);
                long shift = offset.applyAsLong(attempts);
                Attempt attempt = new Attempt(Math.max(0, -shift), Math.max(0, shift));
                current.set(attempt);
                await(barrier);
                await(barrier);
                long made = attempt.madeAt[1] - attempt.madeAt[0];
                attempts++;
                check.run(" (attempt " + attempts + ", second call scheduled " + shift + " ns after the first, made "
                        + made + " ns after it)");
                if (Math.abs(made - shift) <= tolerance) {
                    met++;
                }
            }
            current.set(null);
            await(barrier);
        } finally {
            barrier.reset();
        }
        Racers.joinReturned(helpers); // the sweep keeps its own barrier: the test thread takes part in it
        if (met < needed) {
            throw new TestAbortedException(TOO_BUSY + ": in " + attempts + " attempts over "
                    + TimeUnit.NANOSECONDS.toMillis(budget) + " ms only " + met + " pairs of calls met within " + tolerance
                    + " ns of their scheduled distance, " + needed + " were needed (" + TckKnobs.REPETITIONS_PROPERTY
                    + " = " + TckKnobs.repetitions() + "); every attempt passed its check");
        }
    }

    /** One attempt: each helper's delay after the common instant, the instant, and when each call was made. */
    private static final class Attempt {
        final long[] delay;
        final long[] madeAt = new long[2]; // each helper writes its own slot; read by the test after the barrier
        final AtomicInteger announced = new AtomicInteger();
        volatile long instant;
        volatile boolean scheduled; // written after instant: a helper that reads true reads the instant

        Attempt(long firstDelay, long secondDelay) {
            this.delay = new long[] {firstDelay, secondDelay};
        }

        /**
         * Announces that a helper runs, and returns the common instant once the second helper has
         * set it. The first to announce itself spins without yielding: a helper that gave up its
         * core now would be the one that misses the instant. The spin is bounded by the await
         * window, for a helper that never comes.
         */
        long meet() {
            if (announced.incrementAndGet() == 2) {
                instant = System.nanoTime() + LEAD_NANOS;
                scheduled = true;
                return instant;
            }
            long since = System.nanoTime();
            Duration limit = TckTime.awaitWindow();
            while (!scheduled) {
                if (System.nanoTime() - since > limit.toNanos()) {
                    throw new AssertionError("the other sweep helper did not come within " + limit.toMillis() + " ms");
                }
                Thread.onSpinWait();
            }
            return instant;
        }
    }

    /**
     * A helper: until the test publishes no attempt, waits at the barrier for the next attempt,
     * meets the other helper, busy-waits until the common instant plus its delay, notes when it
     * left the wait, makes its call, and meets the test at the barrier again. Ends quietly when
     * the test resets the barrier after a failure.
     */
    private static void helper(CyclicBarrier barrier, AtomicReference<Attempt> current, int slot, Runnable call)
            throws Exception {
        try {
            while (true) {
                await(barrier);
                Attempt attempt = current.get();
                if (attempt == null) {
                    return;
                }
                long at = attempt.meet() + attempt.delay[slot];
                long now;
                while ((now = System.nanoTime()) - at < 0) {
                    Thread.onSpinWait();
                }
                attempt.madeAt[slot] = now;
                call.run();
                await(barrier);
            }
        } catch (BrokenBarrierException e) {
            // the test failed and reset the barrier: its own assertion says why
        }
    }

    private static void await(CyclicBarrier barrier) throws Exception {
        barrier.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
    }
}
