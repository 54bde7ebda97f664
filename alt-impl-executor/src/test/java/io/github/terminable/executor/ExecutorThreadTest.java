package io.github.terminable.executor;

import io.github.terminable.TerminableThread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pooled worker under a terminable thread: an interrupt right after {@code start()} is not
 * lost to the pool's start-up (rule 1.1), and ended threads leave the registry (rule 2.2). The
 * thread's life cycle itself (section 1) is checked by the TCK's {@code ThreadLifecycleTests}.
 */
class ExecutorThreadTest {

    private final ExecutorCoordinator coordinator = TestSupport.coordinator("thread-test");

    @AfterEach
    void shutDown() throws InterruptedException {
        TestSupport.shutDownAndAwait(coordinator);
    }

    @Test
    void anInterruptRightAfterStartIsNeverLostToThePoolStartUp() throws InterruptedException {
        // ThreadPoolExecutor clears a worker's interrupt status before its first task; the
        // default callback must therefore not interrupt before the body runs (rule 1.1).
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
    void terminatedThreadsAreForgottenSoTheRegistryStaysBounded() throws InterruptedException {
        for (int i = 0; i < 2_000; i++) {
            TerminableThread t = coordinator.threadBuilder().start(() -> { });
            assertThat(t.join(awaitWindow())).isTrue();
        }
        assertThat(coordinator.liveThreads()).isEmpty();
        assertThat(coordinator.registeredThreads()).isEmpty();
    }
}
