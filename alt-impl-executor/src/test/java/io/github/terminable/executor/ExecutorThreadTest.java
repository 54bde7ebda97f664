package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.ThreadState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.quietWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The life cycle of one terminable thread: rules 1.1 to 1.10 and 2.2. */
class ExecutorThreadTest {

    private final ExecutorCoordinator coordinator = TestSupport.coordinator("thread-test");

    @AfterEach
    void shutDown() throws InterruptedException {
        TestSupport.shutDownAndAwait(coordinator);
    }

    /** A body that waits until interrupted, then ends. */
    private static Runnable untilInterrupted(CountDownLatch running) {
        return () -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException expected) {
                // the default callback: end
            }
        };
    }

    @Test
    void lifecycleMovesNewRunningEndedAndForgetsTheThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        TerminableThread t = coordinator.threadBuilder().name("life").unstarted(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        assertThat(coordinator.liveThreads()).isEmpty();
        assertThat(t.thread().getName()).isEqualTo("life");
        assertThat(t.thread().isAlive()).isFalse();

        t.start();
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(coordinator.liveThreads()).containsExactly(t);

        release.countDown();
        assertThat(t.join(awaitWindow())).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
        assertThat(coordinator.liveThreads()).isEmpty();
        t.thread().join(awaitWindow().toMillis());
        assertThat(t.thread().isAlive()).isFalse();
    }

    @Test
    void theBodyRunsOnTheUnderlyingThread() throws InterruptedException {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        TerminableThread t = coordinator.threadBuilder().start(() -> ranOn.set(Thread.currentThread()));
        assertThat(t.join(awaitWindow())).isTrue();
        assertThat(ranOn.get()).isSameAs(t.thread());
        assertThat(t.name()).startsWith("thread-test-thread-");
    }

    @Test
    void startTwiceThrowsAndChangesNothing() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        TerminableThread t = coordinator.threadBuilder().start(untilInterrupted(running));
        assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(coordinator.liveThreads()).containsExactly(t);
        assertThat(t.terminate()).isTrue();
        assertThat(t.join(awaitWindow())).isTrue();
        assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class);
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
    }

    @Test
    void terminateIsAcceptedOnceAndTheDefaultCallbackInterrupts() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        TerminableThread t = coordinator.threadBuilder().start(untilInterrupted(running));
        assertThat(running.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(t.isTerminationRequested()).isFalse();
        assertThat(t.terminate()).isTrue();
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.terminate()).isFalse();
        assertThat(t.join(awaitWindow())).isTrue();
        assertThat(t.terminate()).isFalse();
    }

    @Test
    void requestBeforeStartIsKeptAndHonouredAfterStart() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        TerminableThread t = coordinator.threadBuilder().onTerminate(th -> {
            calls.incrementAndGet();
            th.thread().interrupt();
        }).unstarted(untilInterrupted(running));
        assertThat(t.terminate()).isTrue();
        assertThat(t.terminate()).isFalse();
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        // Not invoked while NEW (rule 1.4): the thread is unknown to every terminator.
        assertThat(calls.get()).isZero();

        t.start();
        assertThat(t.join(awaitWindow())).isTrue();
        await().atMost(awaitWindow()).until(() -> calls.get() == 1);
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
    void requestAfterEndIsANoOp() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        TerminableThread t = coordinator.threadBuilder().onTerminate(th -> calls.incrementAndGet()).start(() -> { });
        assertThat(t.join(awaitWindow())).isTrue();
        assertThat(t.terminate()).isFalse();
        assertThat(t.isTerminationRequested()).isFalse();
        await().during(quietWindow()).atMost(quietWindow().multipliedBy(2)).until(() -> calls.get() == 0);
    }

    @Test
    void aThreadCanRequestItsOwnTerminationWithoutWaitingForTheCallback() throws InterruptedException {
        CountDownLatch callbackMayReturn = new CountDownLatch(1);
        List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
        AtomicReference<Boolean> result = new AtomicReference<>();
        TerminableThread[] self = new TerminableThread[1];
        CountDownLatch created = new CountDownLatch(1);
        self[0] = coordinator.threadBuilder().onTerminate(th -> {
            callbackThreads.add(Thread.currentThread());
            callbackMayReturn.await();
        }).start(() -> {
            try {
                created.await();
            } catch (InterruptedException e) {
                return;
            }
            result.set(self[0].terminate()); // must return although the callback blocks
        });
        created.countDown();
        assertThat(self[0].join(awaitWindow())).isTrue();
        assertThat(result.get()).isTrue();
        await().atMost(awaitWindow()).until(() -> callbackThreads.size() == 1);
        assertThat(callbackThreads.get(0)).isNotSameAs(self[0].thread());
        assertThat(callbackThreads.get(0).isDaemon()).isTrue();
        callbackMayReturn.countDown();
    }

    @Test
    void callbacksRunOnADaemonTerminatorNeverOnTheCaller() throws InterruptedException {
        BlockingQueue<Thread> ranOn = new ArrayBlockingQueue<>(1);
        CountDownLatch running = new CountDownLatch(1);
        TerminableThread t = coordinator.threadBuilder().onTerminate(th -> {
            ranOn.add(Thread.currentThread());
            th.thread().interrupt();
        }).start(untilInterrupted(running));
        t.terminate();
        Thread callbackThread = ranOn.poll(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(callbackThread).isNotNull().isNotSameAs(Thread.currentThread()).isNotSameAs(t.thread());
        assertThat(callbackThread.isDaemon()).isTrue();
        assertThat(callbackThread.getName()).startsWith("thread-test-terminator-");
        assertThat(t.join(awaitWindow())).isTrue();
    }

    @Test
    void platformThreadsAreNonDaemonEvenWhenCreatedByADaemon() throws InterruptedException {
        AtomicReference<TerminableThread> created = new AtomicReference<>();
        Thread daemon = new Thread(() -> created.set(coordinator.threadBuilder().unstarted(() -> { })));
        daemon.setDaemon(true);
        daemon.start();
        daemon.join();
        assertThat(created.get().thread().isDaemon()).isFalse();
    }

    @Test
    void anExceptionFromTheBodyGoesToTheUncaughtHandlerAndTheThreadIsForgotten() throws InterruptedException {
        BlockingQueue<Throwable> uncaught = new ArrayBlockingQueue<>(1);
        RuntimeException boom = new IllegalStateException("boom");
        TerminableThread t = coordinator.threadBuilder().unstarted(() -> {
            throw boom;
        });
        t.thread().setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        t.start();
        assertThat(uncaught.poll(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isSameAs(boom);
        assertThat(t.join(awaitWindow())).isTrue();
        assertThat(coordinator.liveThreads()).doesNotContain(t);
    }

    @Test
    void joinOfAThreadNeverStartedReturnsFalseAtOnce() throws InterruptedException {
        TerminableThread t = coordinator.threadBuilder().unstarted(() -> { });
        assertThat(t.join(Duration.ofDays(1))).isFalse();
    }

    @Test
    void badInputIsRejectedByNameAndChangesNothing() {
        TerminableThreadBuilder b = coordinator.threadBuilder().name("kept");
        assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> b.name("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> b.onTerminate(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callback");
        assertThatThrownBy(() -> b.owner(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> b.unstarted(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> b.start(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
        TerminableThread t = b.unstarted(() -> { });
        assertThat(t.name()).isEqualTo("kept");
        assertThatThrownBy(() -> t.join(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> t.join(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> t.join(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> coordinator.addListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        assertThat(coordinator.liveThreads()).isEmpty();
    }

    @Test
    void startAfterShutdownBeganIsRejectedAndTheThreadStaysNew() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        TerminableThread t = coordinator.threadBuilder().name("late").unstarted(ran::incrementAndGet);
        coordinator.shutdown();
        assertThatThrownBy(t::start).isInstanceOf(ShutdownInProgressException.class)
                .hasMessageContaining("late").hasMessageContaining("thread-test");
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        assertThat(t.thread().getState()).isEqualTo(Thread.State.NEW);
        assertThatThrownBy(t::start).isInstanceOf(ShutdownInProgressException.class);
        assertThatThrownBy(() -> coordinator.loopBuilder().start()).isInstanceOf(ShutdownInProgressException.class);
        assertThat(ran.get()).isZero();
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
