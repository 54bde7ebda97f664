package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.TckTime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task submitted to a loop that blocks on its gate until the gate opens or the task is
 * interrupted, and records whether it was: the running task of the loop tests that watch what a
 * request, a shutdown or {@code close()} does to the task in progress (rules 5.2, 5.8 and 5.10).
 */
final class BlockedTask {

    /** What the task blocks on; opening it lets the task return. */
    final Gate gate;
    /** Whether the task was interrupted while it blocked. */
    final AtomicBoolean interrupted = new AtomicBoolean();
    /** The task's future, as {@code submit} returned it. */
    final Future<?> future;
    private final CountDownLatch running = new CountDownLatch(1);

    /**
     * Submits the task and waits until it runs, so that whatever the test submits next queues
     * behind it.
     *
     * @param kit the test's kit, which names and tracks the gate
     * @param loop the loop to submit it to
     * @param gateName the gate's name
     * @return the running task
     * @throws InterruptedException if the test thread is interrupted while it waits
     */
    static BlockedTask runningOn(Kit kit, BackgroundLoop loop, String gateName) throws InterruptedException {
        BlockedTask task = new BlockedTask(kit, loop, gateName);
        task.awaitRunning();
        return task;
    }

    private BlockedTask(Kit kit, BackgroundLoop loop, String gateName) {
        gate = kit.gate(gateName);
        future = loop.submit(() -> {
            running.countDown();
            try {
                gate.pass();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
    }

    /** Fails the test unless the task starts running within the await window. */
    private void awaitRunning() throws InterruptedException {
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).as("the blocked task runs")
                .isTrue();
    }
}
