package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the in-process tests: creates independent coordinators, and at the end of each test
 * shuts every one of them down and checks that it completed, so no test leaves threads behind.
 */
abstract class CoordinatorFixture {

    static final ReferenceProvider PROVIDER = new ReferenceProvider();

    private final List<TerminationCoordinator> created = new ArrayList<>();

    ReferenceCoordinator coordinator() {
        return coordinator(TckTime.seconds(5));
    }

    ReferenceCoordinator coordinator(Duration callbackTimeout) {
        return coordinator(CoordinatorSettings.builder().name("test").callbackTimeout(callbackTimeout)
                .shutdownDeadline(TckTime.seconds(5)).build());
    }

    ReferenceCoordinator coordinator(CoordinatorSettings settings) {
        ReferenceCoordinator c = (ReferenceCoordinator) PROVIDER.newCoordinator(settings);
        created.add(c);
        return c;
    }

    @AfterEach
    void shutDownEveryCoordinator() throws InterruptedException {
        for (TerminationCoordinator c : created) {
            ShutdownReport report = c.shutdown().await(TckTime.seconds(20));
            assertThat(report.completed()).as("clean-up shutdown of %s: %s", c, report.describe()).isTrue();
        }
    }

    /** A body that waits until interrupted, then returns. */
    static Runnable untilInterrupted() {
        return () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException expected) {
                // terminated
            }
        };
    }

    /** A body that waits until {@code latch} opens, ignoring interrupts. */
    static Runnable until(CountDownLatch latch) {
        return () -> {
            while (true) {
                try {
                    latch.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        };
    }
}
