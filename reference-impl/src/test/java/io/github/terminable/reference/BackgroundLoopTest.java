package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How this implementation's {@code call()} reports a task that termination cancelled while it
 * was queued: the spec leaves the exception open, this loop throws a
 * {@code RejectedExecutionException} naming the loop. The loop contract itself (section 5) is
 * checked by the TCK.
 */
class BackgroundLoopTest extends CoordinatorFixture {

    @Test
    void callThatIsCancelledByTerminationIsRejectedNamingTheLoop() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("doomed").start();
        CountDownLatch running = new CountDownLatch(1);
        loop.submit(() -> {
            running.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        running.await();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                loop.call(() -> "queued behind a blocked task");
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        Waits.upTo(10).until(() -> caller.getState() == Thread.State.WAITING);
        loop.terminate();
        caller.join(TckTime.seconds(10).toMillis());
        assertThat(thrown.get()).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("doomed")
                .hasCauseInstanceOf(CancellationException.class);
    }
}
