package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.quietWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loops keep the ExecutorService contract: close (rule 5.8), self-wait (rule 5.9), current() (rule 1.11). */
class LoopCloseAndSelfWaitTest {

    private static final ExecutorProvider PROVIDER = new ExecutorProvider();
    private final ExecutorCoordinator coordinator = TestSupport.coordinator("close-test");

    @AfterEach
    void shutDown() throws InterruptedException {
        TestSupport.shutDownAndAwait(coordinator);
    }

    private static ExecutorCoordinator withDeadline(Duration deadline) {
        return (ExecutorCoordinator) new ExecutorProvider().newCoordinator(CoordinatorSettings.builder()
                .name("close-deadline").callbackTimeout(scaled(Duration.ofSeconds(5))).shutdownDeadline(deadline)
                .build());
    }

    /** Rule 5.8: try-with-resources runs what was submitted; nothing is interrupted or cancelled. */
    @RepeatedTest(20)
    void closeRunsEverySubmittedTaskThenWaitsForTheEnd() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean cleaned = new AtomicBoolean();
        Future<String> first;
        Future<String> second;
        BackgroundLoop loop = coordinator.loopBuilder().name("try-with").start();
        try (loop) {
            loop.submitWithContext(ctx -> {
                ctx.deferCleanup(() -> cleaned.set(true));
                return null;
            });
            first = loop.submit(() -> {
                // Runs while close() waits; an interrupt here would be the 0.1 close().
                long end = System.nanoTime() + quietWindow().toNanos() / 10;
                while (System.nanoTime() < end) {
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted.set(true);
                    }
                    Thread.onSpinWait();
                }
                return "first";
            });
            second = loop.submit(() -> "second");
        }
        assertThat(loop.isTerminated()).isTrue();
        assertThat(cleaned).isTrue();
        assertThat(first.get()).isEqualTo("first");
        assertThat(second.get()).isEqualTo("second");
        assertThat(interrupted).isFalse();
    }

    @Test
    void closeWaitsForABlockedTaskUntilItIsReleased() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("blocked").start();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> blocked = loop.submit(() -> {
            started.countDown();
            release.await();
            return "released";
        });
        Future<String> queued = loop.submit(() -> "queued");
        assertThat(started.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Thread closer = new Thread(loop::close, "closer");
        closer.start();
        closer.join(quietWindow().toMillis());
        assertThat(closer.isAlive()).as("close() waits for the queued tasks").isTrue();
        assertThat(loop.isTerminated()).isFalse();
        release.countDown();
        closer.join(awaitWindow().toMillis());
        assertThat(closer.isAlive()).isFalse();
        assertThat(blocked.get()).isEqualTo("released");
        assertThat(queued.get()).isEqualTo("queued");
        assertThat(loop.isTerminated()).isTrue();
    }

    @Test
    void closeTerminatesWhenTheDeadlineElapses() throws Exception {
        ExecutorCoordinator c = withDeadline(scaled(Duration.ofMillis(200)));
        try {
            BackgroundLoop loop = c.loopBuilder().name("stuck").start();
            CountDownLatch started = new CountDownLatch(1);
            Future<?> stuck = loop.submit(() -> {
                started.countDown();
                new CountDownLatch(1).await(); // ends only by interrupt
                return null;
            });
            Future<String> queued = loop.submit(() -> "never");
            assertThat(started.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            long start = System.nanoTime();
            loop.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            assertThat(loop.thread().isTerminationRequested()).isTrue();
            assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(stuck.isDone()).isTrue();
            assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
        } finally {
            TestSupport.shutDownAndAwait(c);
        }
    }

    @Test
    void anInterruptedCloseTerminatesAndReturnsWithTheInterruptStatus() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("interrupted-close").start();
        CountDownLatch started = new CountDownLatch(1);
        loop.submit(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        assertThat(started.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        AtomicBoolean statusAfter = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            loop.close();
            statusAfter.set(Thread.currentThread().isInterrupted());
        }, "closer");
        closer.start();
        closer.interrupt();
        closer.join(awaitWindow().toMillis());
        assertThat(closer.isAlive()).isFalse();
        assertThat(statusAfter).isTrue();
        assertThat(loop.thread().isTerminationRequested()).isTrue();
        assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void closeOnTheLoopThreadOnlyShutsDownGracefully() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("self-close").start();
        CountDownLatch release = new CountDownLatch(1);
        Future<Future<String>> closing = loop.submit(() -> {
            Future<String> behind = loop.submit(() -> {
                release.await();
                return "behind";
            });
            loop.close(); // must return at once, and not interrupt the task queued behind
            return behind;
        });
        Future<String> behind = closing.get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(loop.isShutdown()).isTrue();
        release.countDown();
        assertThat(behind.get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("behind");
        assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    /** Rule 5.9: waiting on this loop from this loop's thread fails at once; nothing is queued. */
    @Test
    void selfWaitOnTheLoopThreadFailsAtOnce() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("self-wait").start();
        BackgroundLoop other = coordinator.loopBuilder().name("other").start();
        AtomicReference<Future<String>> later = new AtomicReference<>();
        String outcome = loop.submit(() -> {
            later.set(loop.submit(() -> "later"));
            Future<String> done = other.submit(() -> "done");
            StringBuilder out = new StringBuilder();
            out.append(done.get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).append(' '); // other loop: fine
            Future<String> selfDone = later.get();
            for (Callable<?> wait : List.<Callable<?>>of(selfDone::get,
                    () -> selfDone.get(1, TimeUnit.SECONDS),
                    () -> loop.invokeAll(List.of(() -> "x")),
                    () -> loop.invokeAny(List.of(() -> "x")))) {
                try {
                    wait.call();
                    out.append("returned ");
                } catch (IllegalStateException expected) {
                    out.append(expected.getMessage().contains("self-wait") ? "ise " : "ise-unnamed ");
                }
            }
            out.append(loop.call(() -> "inline"));
            return out.toString();
        }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(outcome).isEqualTo("done ise ise ise ise inline");
        assertThat(later.get().get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("later");
        // A done future's get returns normally on the loop thread too.
        assertThat(loop.submit(() -> later.get().get()).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo("later");
        // invokeAll from another thread still works.
        assertThat(loop.invokeAll(List.of(() -> "a", () -> "b"))).hasSize(2);
        loop.close();
        other.close();
    }

    /** Rule 1.11 on a loop: tasks and cleanups see the loop's thread handle. */
    @Test
    void currentIsTheLoopThreadHandleInTasksAndCleanups() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("current").start();
        AtomicReference<Optional<TerminableThread>> inCleanup = new AtomicReference<>();
        Optional<TerminableThread> inTask = loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> inCleanup.set(PROVIDER.currentThread()));
            return PROVIDER.currentThread();
        }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        loop.close();
        assertThat(inTask).containsSame(loop.thread());
        assertThat(inCleanup.get()).containsSame(loop.thread());
        assertThat(PROVIDER.currentThread()).isEmpty();
    }
}
