package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopContext;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Background loops (section 5). */
class BackgroundLoopTest extends CoordinatorFixture {

    @Test
    void tasksFromManyThreadsRunOnTheLoopThreadInAcceptanceOrder() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("orderly").start();
        assertThat(loop.thread().thread().isDaemon()).isFalse();
        assertThat(c.liveThreads()).containsExactly(loop.thread());
        List<Integer> seen = new ArrayList<>(); // confined to the loop thread
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            futures.add(loop.submit(() -> {
                assertThat(Thread.currentThread()).isSameAs(loop.thread().thread());
                seen.add(n);
            }));
        }
        int producers = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Future<Integer>> concurrent = new CopyOnWriteArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 50; i++) {
                        concurrent.add(loop.submit(() -> 1));
                        loop.execute(() -> { });
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(loop.call(() -> seen.size())).isEqualTo(100);
        assertThat(loop.call(() -> new ArrayList<>(seen))).isSorted();
        for (Future<?> f : futures) {
            assertThat(f.isDone()).isTrue();
        }
        for (Future<Integer> f : concurrent) {
            assertThat(f.get()).isEqualTo(1);
        }
    }

    @Test
    void callFromTheLoopThreadRunsInline() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        Future<String> outer = loop.submit(() -> loop.call(() -> "inner") + "+outer");
        assertThat(outer.get(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("inner+outer");
        assertThat(loop.invokeAll(List.<Callable<String>>of(() -> "a", () -> "b"))).extracting(Future::get).containsExactly("a", "b");
        String anyResult = loop.invokeAny(List.<Callable<String>>of(() -> "x"));
        assertThat(anyResult).isEqualTo("x");
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> loop.call(() -> {
                    throw new java.io.IOException("task failed");
                }));
        assertThat(failed).hasCauseInstanceOf(java.io.IOException.class);
    }

    /** Rule 5.9: a wait for this loop's own work on the loop thread fails at once, naming the loop. */
    @Test
    void selfWaitOnTheLoopThreadFailsAtOnceAndQueuesNothing() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("self-waiter").start();
        BackgroundLoop other = c.loopBuilder().name("other").start();
        CountDownLatch release = new CountDownLatch(1);
        Future<?> blocked = other.submit(() -> {
            release.await();
            return "other done";
        });
        Future<String> done = loop.submit(() -> "done");
        assertThat(done.get()).isEqualTo("done");
        Future<List<String>> outcomes = loop.submit(() -> {
            List<String> out = new ArrayList<>();
            Future<String> later = loop.submit(() -> "later");
            out.add(failure(() -> later.get()));
            out.add(failure(() -> later.get(1, TimeUnit.MILLISECONDS)));
            out.add(failure(() -> loop.invokeAll(List.of(() -> 1))));
            out.add(failure(() -> loop.invokeAll(List.of(() -> 1), 1, TimeUnit.SECONDS)));
            out.add(failure(() -> loop.invokeAny(List.of(() -> 1))));
            out.add(failure(() -> loop.invokeAny(List.of(() -> 1), 1, TimeUnit.SECONDS)));
            out.add("done:" + done.get()); // a done future's get returns normally
            release.countDown();
            out.add("other:" + blocked.get()); // other loops' futures are not affected
            return out;
        });
        List<String> seen = outcomes.get(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(seen.subList(0, 6)).allSatisfy(m -> assertThat(m).startsWith("IllegalStateException")
                .contains("self-waiter").contains("never return"));
        assertThat(seen.subList(6, 8)).containsExactly("done:done", "other:other done");
        // nothing was queued by invokeAll/invokeAny: only "later" ran after the outer task
        assertThat(loop.call(() -> "after")).isEqualTo("after");
        // off the loop thread the same methods work
        assertThat(loop.invokeAll(List.<Callable<Integer>>of(() -> 1, () -> 2))).extracting(Future::get).containsExactly(1, 2);
        assertThat(loop.invokeAny(List.<Callable<Integer>>of(() -> {
            throw new IllegalStateException("first fails");
        }, () -> 7))).isEqualTo(7);
    }

    private interface Blocking {
        Object call() throws Exception;
    }

    private static String failure(Blocking b) {
        try {
            return "returned " + b.call();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void terminationInterruptsTheRunningTaskCancelsQueuedOnesRejectsNewWorkAndRunsCleanupsLifo() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("cleaner-loop").start();
        List<String> cleanups = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> cleanupThread = new AtomicReference<>();
        loop.submitWithContext(ctx -> {
            assertThat(ctx.name()).isEqualTo("cleaner-loop");
            ctx.deferCleanup(() -> cleanups.add("first"));
            ctx.deferCleanup(() -> {
                throw new IllegalStateException("cleanup failed on purpose");
            });
            ctx.deferCleanup(() -> {
                cleanupThread.set(Thread.currentThread());
                cleanups.add("last interrupted=" + Thread.currentThread().isInterrupted());
                try {
                    ctx.deferCleanup(() -> { });
                } catch (IllegalStateException expected) {
                    cleanups.add("late defer rejected");
                }
            });
            return null;
        }).get();
        CountDownLatch running = new CountDownLatch(1);
        Future<String> blocking = loop.submit(() -> {
            running.countDown();
            new CountDownLatch(1).await();
            return "never";
        });
        Future<String> queued = loop.submit(() -> "queued");
        running.await();
        String err = CoordinatorShutdownTest.captureStderr(() -> {
            assertThat(loop.terminate()).isTrue();
            assertThatThrownBy(() -> loop.submit(() -> "late")).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("cleaner-loop");
            assertThatThrownBy(() -> loop.call(() -> "late")).isInstanceOf(RejectedExecutionException.class);
            assertThat(loop.isShutdown()).isTrue();
            assertThat(loop.awaitTermination(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        });
        assertThat(loop.isTerminated()).isTrue();
        assertThatThrownBy(blocking::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(queued.isCancelled()).isTrue();
        assertThat(cleanups).containsExactly("last interrupted=false", "late defer rejected", "first");
        assertThat(cleanupThread.get()).isSameAs(loop.thread().thread());
        assertThat(err).contains("TERMINABLE-CLEANUP-FAILED").contains("cleaner-loop").contains("cleanup failed on purpose");
        assertThat(c.liveThreads()).isEmpty();
    }

    @Test
    void contextUsedOffTheLoopThreadThrows() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("confined").start();
        LoopContext leaked = loop.submitWithContext(ctx -> ctx).get();
        assertThatThrownBy(() -> leaked.deferCleanup(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("confined").hasMessageContaining("loop thread");
        assertThatThrownBy(leaked::isTerminationRequested).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(leaked::name).isInstanceOf(IllegalStateException.class);
        assertThat(loop.submitWithContext(LoopContext::isTerminationRequested).get()).isFalse();
    }

    @Test
    void gracefulShutdownRunsQueuedTasksThenTerminates() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("graceful").start();
        CountDownLatch gate = new CountDownLatch(1);
        loop.submit(() -> {
            gate.await();
            return null;
        });
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            queued.add(loop.submit(() -> n));
        }
        loop.shutdown();
        assertThat(loop.isShutdown()).isTrue();
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("graceful");
        gate.countDown();
        assertThat(loop.awaitTermination(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(queued.get(i).get()).isEqualTo(i);
        }
        assertThat(loop.thread().isTerminationRequested()).as("the loop requested its own termination").isTrue();
        assertThat(loop.thread().state()).isEqualTo(ThreadState.ENDED);
    }

    /** Rule 5.10: the returned tasks are not cancelled; running one runs its task and completes its future. */
    @Test
    void shutdownNowReturnsTheTasksThatNeverRanUncancelled() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        CountDownLatch running = new CountDownLatch(1);
        Future<?> blocking = loop.submit(() -> {
            running.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Future<?> q1 = loop.submit(() -> { });
        Future<?> q2 = loop.submit(() -> 2);
        running.await();
        List<Runnable> never = loop.shutdownNow();
        assertThat(never).containsExactly((Runnable) q1, (Runnable) q2);
        assertThat(q1.isDone()).isFalse();
        assertThat(q2.isDone()).isFalse();
        assertThat(loop.awaitTermination(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(blocking.isDone()).isTrue();
        assertThat(q2.isDone()).as("the caller owns it: still pending after the loop ended").isFalse();
        never.forEach(Runnable::run);
        assertThat(q2.get()).isEqualTo(2);
        assertThat(q1.isCancelled()).isFalse();
        assertThat(q1.isDone()).isTrue();
    }

    /** Rule 5.8: close() is graceful first; queued tasks still run and the running one is not interrupted. */
    @Test
    void closeIsGracefulWithinTheDeadline() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        Future<?> first = loop.submit(() -> {
            try {
                release.await();
                ran.add("first");
            } catch (InterruptedException e) {
                ran.add("first interrupted");
            }
        });
        Future<?> second = loop.submit(() -> ran.add("second"));
        Thread closer = new Thread(loop::close);
        closer.start();
        Waits.upTo(10).until(loop::isShutdown);
        release.countDown();
        closer.join(TckTime.seconds(10).toMillis());
        assertThat(closer.isAlive()).isFalse();
        assertThat(ran).containsExactly("first", "second");
        assertThat(first.isCancelled() || second.isCancelled()).isFalse();
        assertThat(loop.isTerminated()).isTrue();
    }

    /** Rule 5.8: past the deadline close() terminates the loop (interrupt, cancel queued) and returns. */
    @Test
    void closeTerminatesAtTheDeadline() throws Exception {
        ReferenceCoordinator c = coordinator(io.github.terminable.CoordinatorSettings.builder().name("close")
                .callbackTimeout(TckTime.seconds(5)).shutdownDeadline(TckTime.millis(200)).build());
        BackgroundLoop loop = c.loopBuilder().start();
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<String> how = new AtomicReference<>();
        loop.submit(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                how.set("interrupted");
            }
        });
        Future<?> queued = loop.submit(() -> { });
        running.await();
        long start = System.nanoTime();
        loop.close();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TckTime.millis(200).toNanos());
        assertThat(loop.thread().isTerminationRequested()).isTrue();
        assertThat(loop.awaitTermination(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(how.get()).isEqualTo("interrupted");
        assertThat(queued.isCancelled()).isTrue();
    }

    /** Rule 5.8: an interrupted caller terminates the loop and returns at once, interrupt status kept. */
    @Test
    void anInterruptedCloseTerminatesAndKeepsTheInterruptStatus() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        CountDownLatch running = new CountDownLatch(1);
        loop.submit(() -> {
            running.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        running.await();
        Thread.currentThread().interrupt();
        try {
            loop.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(loop.thread().isTerminationRequested()).isTrue();
        assertThat(loop.awaitTermination(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void closeWaitsForTheLoopAndDoesNotWaitOnTheLoopThread() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        Future<String> selfClose = loop.submit(() -> {
            loop.close(); // from the loop thread: graceful shutdown only
            return "returned";
        });
        assertThat(selfClose.get(TckTime.seconds(10).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("returned");
        loop.close();
        assertThat(loop.isTerminated()).isTrue();
        loop.close(); // idempotent

        BackgroundLoop other = c.loopBuilder().start();
        other.close();
        assertThat(other.isTerminated()).isTrue();
    }

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

    @Test
    void aFailingExecutedTaskIsReportedAndTheLoopGoesOn() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        loop.thread().thread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        loop.execute(() -> {
            throw new IllegalStateException("execute failed");
        });
        assertThat(loop.call(() -> "still running")).isEqualTo("still running");
        assertThat(uncaught).singleElement().extracting(Throwable::getMessage).isEqualTo("execute failed");
    }

    @Test
    void nullArgumentsAreRejectedNamingTheParameter() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().start();
        assertThatThrownBy(() -> loop.submit((Runnable) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> loop.submit((Callable<?>) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> loop.execute(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("command");
        assertThatThrownBy(() -> loop.call(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("task");
        assertThatThrownBy(() -> loop.submitWithContext(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> loop.invokeAll(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tasks");
        assertThatThrownBy(() -> loop.invokeAny(java.util.Arrays.asList((Callable<String>) null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tasks");
        assertThatThrownBy(() -> loop.awaitTermination(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("unit");
        assertThat(loop.isShutdown()).isFalse();
    }

    @Test
    void coordinatorShutdownTerminatesLoopsInReverseOrder() throws Exception {
        ReferenceCoordinator c = coordinator();
        List<String> cleaned = new CopyOnWriteArrayList<>();
        List<BackgroundLoop> loops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BackgroundLoop loop = c.loopBuilder().name("loop" + i).start();
            loop.submitWithContext(ctx -> {
                ctx.deferCleanup(() -> cleaned.add(ctx.name()));
                return null;
            }).get();
            loops.add(loop);
        }
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        assertThat(c.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(listener.events()).containsSubsequence("terminated loop2 COMPLETED", "terminated loop1 COMPLETED",
                "terminated loop0 COMPLETED");
        assertThat(cleaned).as("each turn waits for the loop's end, cleanups included (rule 3.2)")
                .containsExactly("loop2", "loop1", "loop0");
        assertThat(loops).allSatisfy(l -> assertThat(l.isTerminated()).isTrue());
        assertThatThrownBy(() -> c.loopBuilder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.loopBuilder().owner(null)).isInstanceOf(NullPointerException.class);
    }
}
