package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.quietWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Terminate-phase turns of spec 0.2: a turn waits for its unit to end within one bound covering
 * callback and wait (rules 3.2 to 3.4), rule 3.6 turns wait too, the opt-out of rule 3.11, and
 * the settled outcome of rule 3.12.
 */
class TurnTest {

    private final List<ExecutorCoordinator> coordinators = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    private ExecutorCoordinator coordinator(Duration callbackTimeout) {
        ExecutorCoordinator c = TestSupport.coordinator("turn-test", callbackTimeout);
        coordinators.add(c);
        return c;
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        gates.forEach(CountDownLatch::countDown);
        for (ExecutorCoordinator c : coordinators) {
            TestSupport.shutDownAndAwait(c);
        }
    }

    /** A body that, once interrupted, still runs until {@code release} opens: its "cleanup". */
    private static Runnable cleansUpUntil(CountDownLatch release) {
        return () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException termination) {
                awaitUninterruptibly(release);
            }
        };
    }

    /** A body that ignores interrupts until {@code release} opens. */
    private static Runnable ignoresTerminationUntil(CountDownLatch release) {
        return () -> awaitUninterruptibly(release);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        for (;;) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // keep waiting
            }
        }
    }

    @RepeatedTest(10)
    void theNextCallbackStartsOnlyOnceTheLaterThreadHasEnded() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(10)));
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        CountDownLatch earlyCalled = new CountDownLatch(1);
        CountDownLatch lateCleanup = gate();
        TerminableThread early = c.threadBuilder().name("early").onTerminate(t -> {
            earlyCalled.countDown();
            t.thread().interrupt();
        }).start(cleansUpUntil(new CountDownLatch(0)));
        TerminableThread late = c.threadBuilder().name("late").start(cleansUpUntil(lateCleanup));
        ShutdownCompletion completion = c.shutdown();
        await().atMost(awaitWindow()).until(() -> recorder.events.contains("terminated late COMPLETED"));
        // late's callback returned, but late is still cleaning up: early's turn has not begun.
        assertThat(earlyCalled.await(quietWindow().toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        assertThat(early.isTerminationRequested()).isFalse();
        lateCleanup.countDown();
        assertThat(earlyCalled.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        ShutdownReport report = completion.await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).isEmpty();
        assertThat(late.state()).hasToString("ENDED");
    }

    @RepeatedTest(5)
    void aThreadThatOutlivesItsTurnOverrunsAfterItsCompletedRecordAndTheNextTurnStarts() throws Exception {
        Duration bound = scaled(Duration.ofMillis(300));
        ExecutorCoordinator c = coordinator(bound);
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        List<Duration> bounds = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.addListener(recorder);
        c.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void overran(String threadName, Duration b) {
                bounds.add(b);
            }
        });
        CountDownLatch release = gate();
        c.threadBuilder().name("early").start(cleansUpUntil(new CountDownLatch(0)));
        TerminableThread stubborn = c.threadBuilder().name("stubborn").start(ignoresTerminationUntil(release));
        ShutdownCompletion completion = c.shutdown();
        await().atMost(awaitWindow()).until(() -> recorder.events.contains("terminated early COMPLETED"));
        assertThat(recorder.events).containsSubsequence("terminated stubborn COMPLETED", "overran stubborn",
                "terminated early COMPLETED");
        assertThat(bounds).containsExactly(bound);
        // Completion still waits for the stubborn thread (rule 3.7).
        ShutdownReport incomplete = completion.await(scaled(Duration.ofMillis(50)));
        assertThat(incomplete.completed()).isFalse();
        assertThat(incomplete.overruns()).containsExactly("stubborn");
        assertThat(incomplete.unfinished()).extracting(u -> u.threadName()).containsExactly("stubborn");
        release.countDown();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
        assertThat(stubborn.state()).hasToString("ENDED");
    }

    @Test
    void theBoundCoversCallbackAndWaitTogether() throws Exception {
        Duration bound = scaled(Duration.ofMillis(1000));
        ExecutorCoordinator c = coordinator(bound);
        AtomicReference<Long> callbackStart = new AtomicReference<>();
        AtomicReference<Long> overranAt = new AtomicReference<>();
        c.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void overran(String threadName, Duration b) {
                overranAt.set(System.nanoTime());
            }
        });
        CountDownLatch release = gate();
        c.threadBuilder().name("slow").onTerminate(t -> {
            callbackStart.set(System.nanoTime());
            // The callback uses 70% of the bound and returns in time...
            new CountDownLatch(1).await(bound.toMillis() * 7 / 10, TimeUnit.MILLISECONDS);
        }).start(ignoresTerminationUntil(release)); // ...and the thread never ends in time.
        ShutdownCompletion completion = c.shutdown();
        await().atMost(awaitWindow()).until(() -> overranAt.get() != null);
        Duration turn = Duration.ofNanos(overranAt.get() - callbackStart.get());
        // A bound restarted after the callback would overrun at 1.7 x bound.
        assertThat(turn).isLessThan(bound.multipliedBy(16).dividedBy(10));
        release.countDown();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
    }

    @Test
    void aThreadRequestedBeforeItsTurnIsAwaitedWithoutASecondCallbackAndCanOverrun() throws Exception {
        Duration bound = scaled(Duration.ofMillis(300));
        ExecutorCoordinator c = coordinator(bound);
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        CountDownLatch release = gate();
        CountDownLatch earlyCalled = new CountDownLatch(1);
        c.threadBuilder().name("early").onTerminate(t -> {
            earlyCalled.countDown();
            t.thread().interrupt();
        }).start(cleansUpUntil(new CountDownLatch(0)));
        TerminableThread requested = c.threadBuilder().name("requested").start(cleansUpUntil(release));
        requested.terminate();
        await().atMost(awaitWindow()).until(() -> recorder.events.contains("terminated requested COMPLETED"));
        ShutdownCompletion completion = c.shutdown();
        // Rule 3.6: the turn waits for "requested" (still cleaning up) before "early" is called.
        assertThat(earlyCalled.await(quietWindow().toMillis() / 2, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(earlyCalled.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        await().atMost(awaitWindow()).until(() -> recorder.events.contains("terminated early COMPLETED"));
        assertThat(recorder.events).containsSubsequence("terminated requested COMPLETED", "overran requested",
                "terminated early COMPLETED");
        assertThat(recorder.records).filteredOn(r -> r.threadName().equals("requested")).hasSize(1);
        release.countDown();
        ShutdownReport report = completion.await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).containsExactly("requested");
    }

    @RepeatedTest(5)
    void anOptedOutThreadIsAskedInOrderButNotAwaitedInItsTurn() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(10)));
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        CountDownLatch release = gate();
        CountDownLatch earlyCalled = new CountDownLatch(1);
        c.threadBuilder().name("early").onTerminate(t -> {
            earlyCalled.countDown();
            t.thread().interrupt();
        }).start(cleansUpUntil(new CountDownLatch(0)));
        TerminableThread optedOut = c.threadBuilder().name("opted-out").awaitedInTurn(false)
                .start(cleansUpUntil(release));
        ShutdownCompletion completion = c.shutdown();
        assertThat(earlyCalled.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(optedOut.state()).hasToString("RUNNING"); // still cleaning up
        await().atMost(awaitWindow()).until(() -> recorder.events.contains("terminated early COMPLETED"));
        assertThat(recorder.events).containsSubsequence("terminated opted-out COMPLETED", "terminated early COMPLETED");
        // Completion (rule 3.7) still waits for it.
        assertThat(completion.await(scaled(Duration.ofMillis(100))).completed()).isFalse();
        release.countDown();
        ShutdownReport report = completion.await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).isEmpty();
        assertThat(recorder.events).doesNotContain("overran opted-out");
    }

    @Test
    void anOptedOutLoopIsNotAwaitedEitherButAnAwaitedLoopIs() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(10)));
        CountDownLatch earlyCalled = new CountDownLatch(1);
        CountDownLatch release = gate();
        c.threadBuilder().name("early").onTerminate(t -> {
            earlyCalled.countDown();
            t.thread().interrupt();
        }).start(cleansUpUntil(new CountDownLatch(0)));
        io.github.terminable.BackgroundLoop loop = c.loopBuilder().name("awaited-loop").start();
        loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> awaitUninterruptibly(release)); // a slow cleanup
            return null;
        }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        ShutdownCompletion completion = c.shutdown();
        assertThat(earlyCalled.await(quietWindow().toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        release.countDown();
        assertThat(earlyCalled.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
    }

    @Test
    void aCallbackThatThrowsAfterItsOverrunIsPrintedOnceAndNotRecordedAgain() throws Exception {
        Duration bound = scaled(Duration.ofMillis(200));
        ExecutorCoordinator c = coordinator(bound);
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        CountDownLatch release = gate();
        CountDownLatch threw = new CountDownLatch(1);
        c.threadBuilder().name("late-thrower").onTerminate(t -> {
            t.thread().interrupt();
            try {
                awaitUninterruptibly(release);
                throw new IllegalStateException("late-failure");
            } finally {
                threw.countDown();
            }
        }).start(cleansUpUntil(new CountDownLatch(0)));
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        ShutdownReport report;
        try {
            report = c.shutdown().await(awaitWindow());
            assertThat(report.completed()).isTrue();
            release.countDown();
            assertThat(threw.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            // Printed by the abandoned terminator right after the callback threw.
            await().atMost(awaitWindow()).until(() -> bytes.toString(java.nio.charset.StandardCharsets.UTF_8)
                    .contains("late-failure"));
        } finally {
            System.setErr(original);
        }
        String err = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(err.split("TERMINABLE-CALLBACK-FAILED", -1)).hasSize(2);
        assertThat(err).contains("late-thrower").contains("overrun").contains("IllegalStateException: late-failure");
        assertThat(recorder.records).filteredOn(r -> r.threadName().equals("late-thrower"))
                .extracting(TerminationRecord::outcome).containsExactly(TerminationOutcome.OVERRAN);
        assertThat(report.failures()).isEmpty();
        assertThat(c.shutdown().await(awaitWindow()).failures()).isEmpty();
    }

    @Test
    void currentIsTheHandleOnPlatformThreadsAndEmptyOnHelpers() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        ExecutorProvider provider = new ExecutorProvider();
        AtomicReference<Optional<io.github.terminable.TerminableThread>> inBody = new AtomicReference<>();
        AtomicReference<Optional<io.github.terminable.TerminableThread>> inCallback = new AtomicReference<>();
        TerminableThread t = c.threadBuilder().onTerminate(x -> inCallback.set(provider.currentThread()))
                .start(() -> inBody.set(provider.currentThread()));
        assertThat(t.join(awaitWindow())).isTrue();
        assertThat(inBody.get()).containsSame(t);
        assertThat(provider.currentThread()).isEmpty();
        TerminableThread u = c.threadBuilder().onTerminate(x -> {
            inCallback.set(provider.currentThread());
            x.thread().interrupt();
        })
                .start(cleansUpUntil(new CountDownLatch(0)));
        u.terminate();
        assertThat(u.join(awaitWindow())).isTrue();
        await().atMost(awaitWindow()).until(() -> inCallback.get() != null);
        assertThat(inCallback.get()).isEmpty(); // terminators are not terminable threads
    }

    @Test
    void currentIsTheHandleOnAVirtualThread() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(VirtualThreads.isAvailable(), "virtual threads need Java 21");
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        ExecutorProvider provider = new ExecutorProvider();
        AtomicReference<Optional<io.github.terminable.TerminableThread>> inBody = new AtomicReference<>();
        TerminableThread v = c.threadBuilder().virtual(true).start(() -> inBody.set(provider.currentThread()));
        assertThat(v.join(awaitWindow())).isTrue();
        assertThat(inBody.get()).containsSame(v);
    }
}
