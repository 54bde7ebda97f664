package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.harness.ErrorCollector;
import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.TckTime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of helper threads released together, so that the calls they make race: each
 * helper waits at a shared barrier until all of them have reached it, and only then runs its
 * action. The test names the number of helpers up front, starts exactly that many with
 * {@link #spawn} and then calls {@link #join}.
 *
 * <p>The helpers are {@link Kit#spawn Kit helpers}: whatever one throws fails the test, and so
 * does a barrier that is not reached by every helper within the await window. Used by the race
 * tests and by the tests of concurrent requests (rule 1.3).
 */
final class Racers {

    private final Kit kit;
    private final CyclicBarrier barrier;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Prepares {@code count} helpers; starts none.
     *
     * @param kit the test's kit, which starts and tracks the helpers
     * @param count how many helpers the test will spawn
     */
    Racers(Kit kit, int count) {
        this.kit = kit;
        this.barrier = new CyclicBarrier(count);
    }

    /**
     * Starts a helper that runs {@code action} once every helper has been started and is ready.
     *
     * @param name the helper thread's name
     * @param action the racing call(s)
     */
    void spawn(String name, ErrorCollector.ThrowingRunnable action) {
        threads.add(kit.spawn(name, () -> {
            barrier.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
            action.run();
        }));
    }

    /**
     * Waits for every helper to return, each within the await window, and fails the test for one
     * that has not: a deadlock in the calls it raced.
     *
     * @throws InterruptedException if the test thread is interrupted while it waits
     * @throws IllegalStateException if the test did not spawn as many helpers as it said
     */
    void join() throws InterruptedException {
        if (threads.size() != barrier.getParties()) {
            throw new IllegalStateException("spawned " + threads.size() + " racers, but " + barrier.getParties()
                    + " were announced");
        }
        joinReturned(threads);
    }

    /**
     * Waits for each of {@code threads} to end, each within the await window, and fails the test
     * for one that has not: a deadlock in the calls it made.
     *
     * @param threads the helper threads
     * @throws InterruptedException if the test thread is interrupted while it waits
     */
    static void joinReturned(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TckTime.awaitWindow().toMillis());
            assertThat(t.isAlive()).as(t.getName() + " returned (no deadlock)").isFalse();
        }
    }
}
