package io.github.terminable.executor;

import io.github.terminable.TerminableThread;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor's terminable thread below the TCK: an interrupt right after {@code start()} is not
 * lost, a callback that reaches the thread before its underlying {@code Thread} is started waits
 * for the launch (the {@code LAUNCHED}/{@code AWAITED} bits of {@code ctl}, rule 1.1.c), and ended
 * threads leave the registry (rule 2.2). The thread's life cycle itself (section 1) is checked by
 * the TCK's {@code ThreadLifecycleTests}.
 */
class ExecutorThreadTest {

    private final ExecutorCoordinator coordinator = TestSupport.coordinator("thread-test");

    @AfterEach
    void shutDown() throws InterruptedException {
        TestSupport.shutDownAndAwait(coordinator);
    }

    @Test
    void anInterruptRightAfterStartIsNeverLost() throws InterruptedException {
        // The default callback interrupts; it must not be able to do so before the body can no
        // longer lose the interrupt (rule 1.1.c).
        for (int i = 0; i < 300; i++) {
            TerminableThread t = coordinator.threadBuilder().start(() -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException expected) {
                    // end
                }
            });
            assertThat(t.terminate()).isTrue();
            assertThat(t.join(awaitWindow())).as("iteration %d", i).isTrue();
        }
    }

    @Test
    void aCallbackThatArrivesBeforeTheLaunchWaitsForItAndStartWakesIt() throws Exception {
        AtomicInteger callbacks = new AtomicInteger();
        AtomicReference<Thread.State> seenByCallback = new AtomicReference<>();
        ExecutorThread t = (ExecutorThread) coordinator.threadBuilder().name("launched-late").onTerminate(h -> {
            seenByCallback.set(h.thread().getState());
            callbacks.incrementAndGet();
            h.thread().interrupt();
        }).unstarted(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException expected) {
                // end
            }
        });
        // A terminator that takes a request up inside start(), after registration and before the
        // Thread is started, invokes the callback at that point. Here a test thread plays that
        // terminator, before start() is even called, so the window is as wide as the test wants.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread terminator = new Thread(() -> {
            try {
                t.invokeCallback();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "plays-a-terminator");
        terminator.start();
        Awaitility.await().atMost(awaitWindow()).until(() -> terminator.getState() == Thread.State.WAITING);
        assertThat(callbacks.get()).as("no callback before the launch").isZero();

        t.start();

        terminator.join(awaitWindow().toMillis());
        assertThat(terminator.isAlive()).as("start() woke the waiting callback").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(callbacks.get()).isEqualTo(1);
        assertThat(seenByCallback.get()).as("the underlying Thread had started").isNotEqualTo(Thread.State.NEW);
        assertThat(t.join(awaitWindow())).as("the callback's interrupt ended the body").isTrue();
    }

    @Test
    void terminatedThreadsAreForgottenSoTheRegistryStaysBounded() throws InterruptedException {
        for (int i = 0; i < 2_000; i++) {
            TerminableThread t = coordinator.threadBuilder().start(() -> { });
            assertThat(t.join(awaitWindow())).isTrue();
        }
        assertThat(coordinator.liveThreads()).isEmpty();
        assertThat(coordinator.registeredThreads()).isEmpty();
    }
}
