package io.github.terminable.executor;

import io.github.terminable.TerminationOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A terminator knows only its name and its bound: its threads are named after it, and a bounded
 * step that outlives the bound is handed back to the step as OVERRAN with that bound, while a
 * fresh thread continues the queue.
 */
class TerminatorTest {

    @Test
    void aStepPastTheBoundIsOverranAndAFreshThreadContinues() throws Exception {
        Duration bound = scaled(Duration.ofMillis(200));
        Terminator terminator = new Terminator("terminator-test", bound);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch after = new CountDownLatch(1);
        List<String> ranOn = new CopyOnWriteArrayList<>();
        AtomicReference<TerminationOutcome> outcome = new AtomicReference<>();
        AtomicReference<Duration> took = new AtomicReference<>();
        terminator.execute(next -> {
            ranOn.add(Thread.currentThread().getName());
            next.bounded(new Terminator.Bounded() {
                @Override
                public void run() throws InterruptedException {
                    release.await(); // blocks past the bound until the test releases it
                }

                @Override
                public void finished(TerminationOutcome o, Throwable failure, Duration t, Terminator.Steps n) {
                    outcome.set(o);
                    took.set(t);
                    ranOn.add(Thread.currentThread().getName());
                }
            });
        });
        terminator.execute(next -> {
            ranOn.add(Thread.currentThread().getName());
            after.countDown();
        });
        try {
            assertThat(after.await(awaitWindow().plus(bound).toMillis(), TimeUnit.MILLISECONDS))
                    .as("the step queued behind the blocked one ran").isTrue();
        } finally {
            release.countDown();
            terminator.close();
        }
        assertThat(outcome.get()).isEqualTo(TerminationOutcome.OVERRAN);
        assertThat(took.get()).isEqualTo(bound);
        assertThat(ranOn).containsExactly("terminator-test-1", "terminator-test-2", "terminator-test-2");
    }
}
