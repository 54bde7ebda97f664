package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopContext;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.ThreadState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Background loops: rules 5.1 to 5.8. */
class BackgroundLoopTest {

    private final ExecutorCoordinator coordinator = TestSupport.coordinator("loop-test");
    private final List<CountDownLatch> gates = new ArrayList<>();

    @AfterEach
    void shutDown() throws InterruptedException {
        gates.forEach(CountDownLatch::countDown);
        TestSupport.shutDownAndAwait(coordinator);
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    @Test
    void tasksRunOnTheLoopThreadOneAtATimeInOrder() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("ordered").start();
        assertThat(loop.thread().thread().isDaemon()).isFalse();
        assertThat(coordinator.liveThreads()).containsExactly(loop.thread());
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            futures.add(loop.submit(() -> {
                seen.add(n);
                threads.add(Thread.currentThread());
            }));
        }
        for (Future<?> f : futures) {
            f.get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(seen).hasSize(200).isSorted();
        assertThat(threads).containsOnly(loop.thread().thread());
        assertThat(loop.call(() -> 42)).isEqualTo(42);
        loop.close();
        assertThat(loop.isTerminated()).isTrue();
    }

    @Test
    void terminationInterruptsTheRunningTaskCancelsQueuedOnesAndRejectsNewWork() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("busy").start();
        CountDownLatch started = new CountDownLatch(1);
        Future<String> running = loop.submit(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return "never";
        });
        Future<String> queued = loop.submit(() -> "queued");
        assertThat(started.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(loop.terminate()).isTrue();
        assertThatThrownBy(() -> loop.submit(() -> "late")).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("busy");
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> loop.call(() -> "late")).isInstanceOf(RejectedExecutionException.class);
        assertThat(loop.isShutdown()).isTrue();
        assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(queued.isCancelled()).isTrue();
        assertThatThrownBy(() -> running.get(0, TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(loop.thread().state()).isEqualTo(ThreadState.ENDED);
    }

    @Test
    void callFromTheLoopThreadRunsInline() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().start();
        String result = loop.call(() -> loop.call(() -> "inner") + "+outer");
        assertThat(result).isEqualTo("inner+outer");
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> loop.call(() -> loop.call(() -> {
                    throw new IllegalStateException("inline");
                })));
        assertThat(failure.getCause()).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause().getCause()).hasMessage("inline");
        loop.close();
    }

    @Test
    void cleanupsRunOnceInLifoOrderOnTheLoopThreadAfterTheLastTask() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("cleaning").start();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Boolean> interruptedDuringCleanup = new CopyOnWriteArrayList<>();
        loop.submitWithContext(ctx -> {
            for (String name : List.of("opened-first", "opened-second", "opened-third")) {
                ctx.deferCleanup(() -> {
                    order.add(name);
                    threads.add(Thread.currentThread());
                    interruptedDuringCleanup.add(Thread.currentThread().isInterrupted());
                });
            }
            ctx.deferCleanup(() -> {
                throw new IllegalStateException("cleanup-failure");
            });
            assertThat(ctx.name()).isEqualTo("cleaning");
            assertThat(ctx.isTerminationRequested()).isFalse();
            return null;
        }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        CountDownLatch taskStarted = new CountDownLatch(1);
        loop.submit(() -> {
            taskStarted.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        assertThat(taskStarted.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        String err = TestSupport.captureStdErr(() -> {
            loop.terminate();
            assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        });
        assertThat(order).containsExactly("opened-third", "opened-second", "opened-first");
        assertThat(threads).containsOnly(loop.thread().thread());
        assertThat(interruptedDuringCleanup).containsOnly(false);
        assertThat(err).contains("cleaning").contains("cleanup-failure");
    }

    @Test
    void theContextWorksOnlyOnTheLoopThread() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().name("confined").start();
        AtomicReference<LoopContext> leaked = new AtomicReference<>();
        loop.submitWithContext(ctx -> {
            leaked.set(ctx);
            return null;
        }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        LoopContext ctx = leaked.get();
        assertThatThrownBy(() -> ctx.deferCleanup(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("confined");
        assertThatThrownBy(ctx::isTerminationRequested).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ctx::name).isInstanceOf(IllegalStateException.class);
        loop.close();
    }

    @Test
    void gracefulShutdownRunsQueuedTasksThenTerminates() throws Exception {
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        coordinator.addListener(recorder);
        BackgroundLoop loop = coordinator.loopBuilder().name("graceful").start();
        CountDownLatch release = gate();
        loop.submit(() -> {
            release.await();
            return null;
        });
        Future<String> queued = loop.submit(() -> "ran");
        loop.shutdown();
        assertThat(loop.isShutdown()).isTrue();
        assertThatThrownBy(() -> loop.submit(() -> "late")).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("graceful");
        release.countDown();
        assertThat(queued.get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ran");
        assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(loop.thread().isTerminationRequested()).isTrue();
        await().atMost(awaitWindow()).until(() -> recorder.records.stream()
                .anyMatch(r -> r.threadName().equals("graceful") && r.outcome() == TerminationOutcome.COMPLETED));
    }

    @Test
    void shutdownNowHandsBackTheNeverStartedTasksRunnableAndNotCancelled() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().start();
        CountDownLatch started = new CountDownLatch(1);
        loop.submit(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Future<?> a = loop.submit(() -> { });
        Future<?> b = loop.submit(() -> { });
        assertThat(started.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        List<Runnable> neverRan = loop.shutdownNow();
        assertThat(neverRan).hasSize(2);
        // Rule 5.10: not cancelled; they belong to the caller, and running one completes its future.
        assertThat(a.isDone()).isFalse();
        assertThat(b.isDone()).isFalse();
        assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(a.isDone()).isFalse();
        neverRan.get(0).run();
        assertThat(a.get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isNull();
        b.cancel(false);
        assertThatThrownBy(b::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void aFailingExecutedTaskGoesToTheUncaughtHandlerAndTheLoopSurvives() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().start();
        BlockingQueue<Throwable> uncaught = new ArrayBlockingQueue<>(1);
        loop.thread().thread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        loop.execute(() -> {
            throw new IllegalStateException("task-failure");
        });
        assertThat(uncaught.poll(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).hasMessage("task-failure");
        assertThat(loop.call(() -> "alive")).isEqualTo("alive");
        loop.close();
    }

    @Test
    void closeFromTheLoopThreadDoesNotWait() throws Exception {
        BackgroundLoop loop = coordinator.loopBuilder().start();
        loop.submit(() -> {
            loop.close();
            return null;
        }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(loop.awaitTermination(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        loop.close(); // idempotent
    }

    @Test
    void coordinatorShutdownTerminatesLoopsInReverseOrderAndEveryFutureCompletes() throws Exception {
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        coordinator.addListener(recorder);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BackgroundLoop loop = coordinator.loopBuilder().name("loop" + i).start();
            futures.add(loop.submit(() -> {
                new CountDownLatch(1).await();
                return null;
            }));
            futures.add(loop.submit(() -> "queued"));
        }
        assertThat(coordinator.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(futures).allMatch(Future::isDone);
        assertThat(recorder.events).containsSubsequence("terminated loop2 COMPLETED", "terminated loop1 COMPLETED",
                "terminated loop0 COMPLETED");
    }

    @Test
    void badInputIsRejectedByName() {
        BackgroundLoop loop = coordinator.loopBuilder().start();
        assertThatThrownBy(() -> loop.submit((Runnable) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> loop.execute(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("command");
        assertThatThrownBy(() -> loop.call(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("task");
        assertThatThrownBy(() -> loop.submitWithContext(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> coordinator.loopBuilder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> coordinator.loopBuilder().owner(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("owner");
        loop.close();
    }
}
