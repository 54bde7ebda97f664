package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The shutdown state machine: rules 3.1 to 3.10, 2.3, 8.1 to 8.4. */
class ShutdownTest {

    private final List<ExecutorCoordinator> coordinators = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    private ExecutorCoordinator coordinator(Duration callbackTimeout) {
        ExecutorCoordinator c = TestSupport.coordinator("shutdown-test", callbackTimeout);
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

    /** A body that ends when interrupted. */
    private static void sleepUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException expected) {
            // end
        }
    }

    @Test
    void callbacksRunInReverseRegistrationOrderOneAtATime() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<TerminableThread> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "t" + i;
            threads.add(c.threadBuilder().name(name).onTerminate(t -> {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                order.add(t.name());
                Thread.sleep(2); // widen any overlap window; not a correctness condition
                concurrent.decrementAndGet();
                t.thread().interrupt();
            }).start(ShutdownTest::sleepUntilInterrupted));
        }
        assertThat(c.liveThreads()).containsExactlyElementsOf(threads);
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(order).containsExactly("t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2", "t1", "t0");
        assertThat(maxConcurrent.get()).isEqualTo(1);
        assertThat(report.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        assertThat(report.unfinished()).isEmpty();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(c.liveThreads()).isEmpty();
    }

    @Test
    void aCallbackThatJoinsItsOwnPlatformThreadDoesNotOverrunOnAnIndependentCoordinator() throws InterruptedException {
        // Only the JVM-wide coordinator keeps its last thread alive while a callback still runs
        // (rule 4.11); here the Thread dies at once, so the callback's Thread.join returns.
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(60)));
        c.threadBuilder().name("joined").onTerminate(t -> {
            t.thread().interrupt();
            t.thread().join();
        }).start(ShutdownTest::sleepUntilInterrupted);
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).as(report.describe()).isTrue();
        assertThat(report.overruns()).isEmpty();
    }

    @Test
    void earlierThreadsStayUnrequestedUntilTheirTurn() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        CountDownLatch inLastCallback = new CountDownLatch(1);
        CountDownLatch release = gate();
        TerminableThread first = c.threadBuilder().name("first").start(ShutdownTest::sleepUntilInterrupted);
        c.threadBuilder().name("last").onTerminate(t -> {
            inLastCallback.countDown();
            release.await();
            t.thread().interrupt();
        }).start(ShutdownTest::sleepUntilInterrupted);
        c.shutdown();
        assertThat(inLastCallback.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(first.isTerminationRequested()).isFalse(); // rule 3.2
        release.countDown();
        assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(first.isTerminationRequested()).isTrue();
    }

    @Test
    void shutdownIsIdempotentAndEveryCallReturnsTheSameHandle() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.OPEN);
        ShutdownCompletion first = c.shutdown();
        assertThat(c.phase()).isNotEqualTo(CoordinatorPhase.OPEN);
        assertThat(c.shutdown()).isSameAs(first);
        ShutdownReport report = first.await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(first.isDone()).isTrue();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(c.shutdown()).isSameAs(first);
        assertThat(first.toCompletionStage().toCompletableFuture().join()).isEqualTo(report);
    }

    @Test
    void aBlockedCallbackOverrunsAndTheNextOneStillRuns() throws InterruptedException {
        Duration bound = scaled(Duration.ofMillis(200));
        ExecutorCoordinator c = coordinator(bound);
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        CountDownLatch never = gate();
        AtomicReference<Thread> stuckOn = new AtomicReference<>();
        c.threadBuilder().name("early").start(ShutdownTest::sleepUntilInterrupted);
        c.threadBuilder().name("stuck").onTerminate(t -> {
            stuckOn.set(Thread.currentThread());
            t.thread().interrupt();
            never.await(); // blocks past the bound
        }).start(ShutdownTest::sleepUntilInterrupted);
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).containsExactly("stuck");
        assertThat(recorder.events).containsSubsequence("phase OPEN->TERMINATING EXPLICIT", "overran stuck",
                "terminated stuck OVERRAN", "terminated early COMPLETED", "phase TERMINATING->TERMINATED EXPLICIT");
        TerminationRecord overran = recorder.records.get(0);
        assertThat(overran.duration()).isEqualTo(bound);
        assertThat(stuckOn.get().isAlive()).isTrue(); // left running, not stopped
        never.countDown();
        stuckOn.get().join(awaitWindow().toMillis());
        assertThat(stuckOn.get().isAlive()).isFalse(); // the abandoned terminator ends afterwards
    }

    @Test
    void aFailingCallbackIsReportedAndSkipsNothing() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        Error error = new AssertionError("callback error");
        c.threadBuilder().name("a").start(ShutdownTest::sleepUntilInterrupted);
        c.threadBuilder().name("b").onTerminate(t -> {
            t.thread().interrupt();
            throw error;
        }).start(ShutdownTest::sleepUntilInterrupted);
        c.threadBuilder().name("c").onTerminate(t -> {
            t.thread().interrupt();
            throw new Exception("checked");
        }).start(ShutdownTest::sleepUntilInterrupted);
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(report.failures()).extracting(f -> f.threadName()).containsExactly("c", "b");
        assertThat(report.failures().get(1).failure()).isSameAs(error);
        assertThat(recorder.records).extracting(TerminationRecord::outcome)
                .containsExactly(TerminationOutcome.FAILED, TerminationOutcome.FAILED, TerminationOutcome.COMPLETED);
        assertThat(recorder.records.get(1).failure()).containsSame(error);
    }

    @Test
    void withoutListenersAFailureIsPrintedToSystemErr() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        String err = TestSupport.captureStdErr(() -> {
            c.threadBuilder().name("loud").onTerminate(t -> {
                t.thread().interrupt();
                throw new IllegalStateException("reported-failure");
            }).start(ShutdownTest::sleepUntilInterrupted);
            assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
        });
        assertThat(err).contains("TERMINABLE-CALLBACK-FAILED: ").contains("'loud'").contains("reported-failure");
    }

    @Test
    void aThrowingListenerDisturbsNothing() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        c.addListener(new TerminationListener() {
            @Override
            public void terminated(TerminationRecord record) {
                throw new IllegalStateException("listener-boom");
            }
        });
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        String err = TestSupport.captureStdErr(() -> {
            c.threadBuilder().name("x").start(ShutdownTest::sleepUntilInterrupted);
            ShutdownReport report = c.shutdown().await(awaitWindow());
            assertThat(report.completed()).isTrue();
            assertThat(report.failures()).isEmpty();
        });
        assertThat(err).contains("TERMINABLE-LISTENER-FAILED: ").contains("terminated").contains("listener-boom")
                .doesNotContain("TERMINABLE-CALLBACK-FAILED");
        assertThat(recorder.events).contains("terminated x COMPLETED");
    }

    @Test
    void aBlockedListenerIsReportedAndDoesNotStallTheShutdown() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofMillis(200)));
        CountDownLatch never = gate();
        c.addListener(new TerminationListener() {
            @Override
            public void terminated(TerminationRecord record) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        String err = TestSupport.captureStdErr(() -> {
            c.threadBuilder().name("b").start(ShutdownTest::sleepUntilInterrupted);
            c.threadBuilder().name("a").start(ShutdownTest::sleepUntilInterrupted);
            assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
        });
        assertThat(err).contains("TERMINABLE-LISTENER-FAILED: ").contains("did not return from terminated");
        assertThat(recorder.events).containsExactly("phase OPEN->TERMINATING EXPLICIT", "terminated a COMPLETED",
                "terminated b COMPLETED", "phase TERMINATING->TERMINATED EXPLICIT");
    }

    @Test
    void aThreadRequestedBeforeShutdownIsAwaitedButNotCalledAgain() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch mayEnd = gate();
        CountDownLatch called = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().onTerminate(th -> {
            calls.incrementAndGet();
            called.countDown();
        }).start(() -> {
            try {
                mayEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(t.terminate()).isTrue();
        assertThat(called.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        ShutdownCompletion completion = c.shutdown();
        ShutdownReport early = completion.await(scaled(Duration.ofMillis(200)));
        assertThat(early.completed()).isFalse();
        assertThat(early.unfinished()).extracting(u -> u.threadName()).containsExactly(t.name());
        assertThat(early.unfinished().get(0).stack()).isNotEmpty();
        assertThat(early.unfinished().get(0).threadId()).isEqualTo(t.thread().getId());
        mayEnd.countDown();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void awaitWithADeadlineReportsUnfinishedThreadsAndTellsListeners() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        CountDownLatch mayEnd = gate();
        c.threadBuilder().name("stubborn").onTerminate(t -> { }).start(() -> {
            try {
                mayEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ShutdownCompletion completion = c.shutdown();
        ShutdownReport report = completion.await(scaled(Duration.ofMillis(100)));
        assertThat(report.completed()).isFalse();
        assertThat(report.describe()).contains("did NOT complete").contains("stubborn").contains("CountDownLatch.await");
        assertThat(recorder.missed).containsExactly(report); // delivered before await returned
        assertThat(completion.isDone()).isFalse();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATING);
        mayEnd.countDown();
        ShutdownReport done = completion.await(awaitWindow());
        assertThat(done.completed()).isTrue();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(recorder.events).endsWith("phase TERMINATING->TERMINATED EXPLICIT");
        assertThatThrownBy(() -> completion.await(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> completion.await(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("deadline");
    }

    @Test
    void reentrantCallsFromACallbackDoNotDeadlock() throws InterruptedException {
        Duration bound = scaled(Duration.ofMillis(500));
        ExecutorCoordinator c = coordinator(bound);
        AtomicReference<Object> sameHandle = new AtomicReference<>();
        AtomicReference<Throwable> rejected = new AtomicReference<>();
        AtomicReference<ShutdownReport> awaited = new AtomicReference<>();
        TerminableThread other = c.threadBuilder().name("other").start(ShutdownTest::sleepUntilInterrupted);
        c.threadBuilder().name("reentrant").onTerminate(t -> {
            sameHandle.set(c.shutdown());
            other.terminate();
            c.liveThreads();
            c.phase();
            try {
                c.threadBuilder().start(() -> { });
            } catch (ShutdownInProgressException e) {
                rejected.set(e);
            }
            t.thread().interrupt();
            awaited.set(c.shutdown().await(scaled(Duration.ofMillis(50))));
        }).start(ShutdownTest::sleepUntilInterrupted);
        ShutdownCompletion completion = c.shutdown();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
        assertThat(sameHandle.get()).isSameAs(completion);
        assertThat(rejected.get()).isInstanceOf(ShutdownInProgressException.class);
        assertThat(awaited.get()).isNotNull();
        assertThat(awaited.get().completed()).isFalse();
    }

    @Test
    void shutdownWithoutThreadsCompletesPassingThroughTerminating() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(recorder.events).containsExactly("phase OPEN->TERMINATING EXPLICIT",
                "phase TERMINATING->TERMINATED EXPLICIT");
    }

    @Test
    void aListenerAddedTwiceHearsEachEventOnceAndHelpersHaveANeutralContext() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        c.addListener(recorder);
        c.addListener(recorder);
        AtomicReference<ClassLoader> callbackLoader = new AtomicReference<>();
        ClassLoader custom = new ClassLoader(getClass().getClassLoader()) { };
        Thread creator = new Thread(() -> {
            c.threadBuilder().name("ctx").onTerminate(t -> {
                callbackLoader.set(Thread.currentThread().getContextClassLoader());
                t.thread().interrupt();
            }).start(ShutdownTest::sleepUntilInterrupted);
            c.shutdown(); // the helper threads are created from this thread
        });
        creator.setContextClassLoader(custom);
        creator.start();
        creator.join();
        assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(recorder.events).containsExactly("phase OPEN->TERMINATING EXPLICIT", "terminated ctx COMPLETED",
                "phase TERMINATING->TERMINATED EXPLICIT");
        assertThat(callbackLoader.get()).isSameAs(ClassLoader.getSystemClassLoader());
        assertThat(c.removeListener(recorder)).isTrue();
        assertThat(c.removeListener(recorder)).isFalse();
    }

    @Test
    void onceIdleASequencerLeavesNoWatchdogCheckBehindAndTheWatchdogThreadEnds() throws InterruptedException {
        // A bound far beyond the await window: a check left pending until the last callback's
        // deadline would keep the JVM-wide watchdog thread alive for ten minutes.
        ExecutorCoordinator c = TestSupport.coordinator("idle-watchdog", Duration.ofMinutes(10));
        coordinators.add(c);
        List<Thread> watchdogsSeenByCallbacks = new CopyOnWriteArrayList<>();
        for (String name : List.of("requested", "in-shutdown")) {
            c.threadBuilder().name(name).onTerminate(t -> {
                watchdogsSeenByCallbacks.addAll(watchdogThreads()); // armed before the callback runs
                t.thread().interrupt();
            }).start(ShutdownTest::sleepUntilInterrupted);
        }
        TerminableThread requested = c.liveThreads().get(0);
        requested.terminate();
        assertThat(requested.join(awaitWindow())).isTrue();
        TestSupport.shutDownAndAwait(c);
        assertThat(watchdogsSeenByCallbacks).as("a watchdog thread while each callback ran").isNotEmpty();
        for (Thread watchdog : watchdogsSeenByCallbacks) {
            watchdog.join(awaitWindow().toMillis());
            assertThat(watchdog.isAlive()).as(watchdog.getName() + " alive once every sequencer is idle").isFalse();
        }
    }

    private static List<Thread> watchdogThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("terminable-executor-watchdog")) {
                found.add(t);
            }
        }
        return found;
    }

    @Test
    void independentCoordinatorsAreIsolated() throws InterruptedException {
        ExecutorCoordinator a = coordinator(scaled(Duration.ofSeconds(5)));
        ExecutorCoordinator b = coordinator(scaled(Duration.ofSeconds(5)));
        TerminableThread inB = b.threadBuilder().start(ShutdownTest::sleepUntilInterrupted);
        TerminableThread inA = a.threadBuilder().start(ShutdownTest::sleepUntilInterrupted);
        assertThat(a.liveThreads()).containsExactly(inA);
        assertThat(a.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(inB.isTerminationRequested()).isFalse();
        assertThat(b.phase()).isEqualTo(CoordinatorPhase.OPEN);
        assertThat(inB.state()).isEqualTo(io.github.terminable.ThreadState.RUNNING);
    }

    @Test
    void explicitRequestsDuringTheTerminatePhaseAreNotHeldBackByIt() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(30)));
        CountDownLatch inBlockingCallback = new CountDownLatch(1);
        CountDownLatch release = gate();
        TerminableThread early = c.threadBuilder().name("early").start(ShutdownTest::sleepUntilInterrupted);
        c.threadBuilder().name("blocking").onTerminate(t -> {
            inBlockingCallback.countDown();
            release.await();
            t.thread().interrupt();
        }).start(ShutdownTest::sleepUntilInterrupted);
        c.shutdown();
        assertThat(inBlockingCallback.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(early.terminate()).isTrue(); // requested outside the terminate phase
        assertThat(early.join(awaitWindow())).isTrue(); // its callback ran although the phase is blocked
        release.countDown();
        assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
    }
}
