package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The coordinator's phase state machine and the terminate phase (section 3). */
class CoordinatorShutdownTest extends CoordinatorFixture {

    @Test
    void shutdownWithoutThreadsPassesThroughTerminatingAndCompletes() throws Exception {
        ReferenceCoordinator c = coordinator();
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.OPEN);
        ShutdownCompletion done = c.shutdown();
        assertThat(c.phase()).isNotEqualTo(CoordinatorPhase.OPEN);
        assertThat(c.shutdown()).as("rule 3.1").isSameAs(done);
        assertThat(done.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        ShutdownReport report = done.await(TckTime.seconds(10));
        assertThat(report.completed()).isTrue();
        assertThat(report.unfinished()).isEmpty();
        assertThat(done.isDone()).isTrue();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(listener.events()).containsExactly("phase OPEN->TERMINATING EXPLICIT",
                "phase TERMINATING->TERMINATED EXPLICIT");
        assertThat(done.toCompletionStage().toCompletableFuture().get()).isSameAs(report);
        assertThat(done.await(Duration.ofMillis(1))).isSameAs(report);
    }

    @Test
    void callbacksRunInReverseRegistrationOrderOneAtATimeAndRequestsAreMadeAtEachTurn() throws Exception {
        ReferenceCoordinator c = coordinator();
        int n = 12;
        List<String> order = new CopyOnWriteArrayList<>();
        List<TerminableThread> threads = new ArrayList<>();
        AtomicBoolean overlapping = new AtomicBoolean();
        AtomicBoolean earlierRequestedTooSoon = new AtomicBoolean();
        AtomicReference<Boolean> inCallback = new AtomicReference<>(false);
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(c.threadBuilder().name("t" + i).onTerminate(t -> {
                if (!inCallback.compareAndSet(false, true)) {
                    overlapping.set(true);
                }
                order.add(t.name());
                if (index > 0 && threads.get(index - 1).isTerminationRequested()) {
                    earlierRequestedTooSoon.set(true); // rule 3.2: requested only at its own turn
                }
                t.thread().interrupt();
                inCallback.set(false);
            }).start(untilInterrupted()));
        }
        assertThat(c.liveThreads()).containsExactlyElementsOf(threads);
        ShutdownReport report = c.shutdown().await(TckTime.seconds(20));
        assertThat(report.completed()).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            expected.add("t" + i);
        }
        assertThat(order).as("rule 3.2").containsExactlyElementsOf(expected);
        assertThat(overlapping).as("rule 3.3").isFalse();
        assertThat(earlierRequestedTooSoon).isFalse();
        assertThat(c.liveThreads()).isEmpty();
    }

    @Test
    void aBlockedCallbackIsOverrunAndTheNextOneStarts() throws Exception {
        Duration bound = TckTime.millis(200);
        ReferenceCoordinator c = coordinator(bound);
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicReference<Thread> abandonedWorker = new AtomicReference<>();
        TerminableThread first = c.threadBuilder().name("first").start(untilInterrupted());
        TerminableThread blocker = c.threadBuilder().name("blocker").onTerminate(t -> {
            abandonedWorker.set(Thread.currentThread());
            t.thread().interrupt();
            unblock.await(); // blocks far beyond the bound
        }).start(untilInterrupted());
        ShutdownReport report = c.shutdown().await(TckTime.seconds(20));
        assertThat(report.completed()).as("completion does not wait for the overrunning callback").isTrue();
        assertThat(report.overruns()).containsExactly("blocker");
        assertThat(listener.events()).containsExactly("phase OPEN->TERMINATING EXPLICIT", "overran blocker",
                "terminated blocker OVERRAN", "terminated first COMPLETED", "phase TERMINATING->TERMINATED EXPLICIT");
        assertThat(listener.records().get(0).duration()).isEqualTo(bound);
        assertThat(first.state()).isEqualTo(ThreadState.ENDED);
        assertThat(blocker.state()).isEqualTo(ThreadState.ENDED);
        unblock.countDown();
        abandonedWorker.get().join(TckTime.seconds(10).toMillis());
        assertThat(abandonedWorker.get().isAlive()).isFalse();
        assertThat(listener.records()).as("no second record when the overrunning callback returns").hasSize(2);
    }

    @Test
    void failingCallbacksAreReportedAndSkipNothing() throws Exception {
        ReferenceCoordinator c = coordinator();
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        c.threadBuilder().name("a").start(untilInterrupted());
        c.threadBuilder().name("error").onTerminate(t -> {
            t.thread().interrupt();
            throw new AssertionError("an Error");
        }).start(untilInterrupted());
        c.threadBuilder().name("exception").onTerminate(t -> {
            t.thread().interrupt();
            throw new java.io.IOException("checked");
        }).start(untilInterrupted());
        ShutdownReport report = c.shutdown().await(TckTime.seconds(20));
        assertThat(report.completed()).isTrue();
        assertThat(report.failures()).extracting(f -> f.threadName() + ":" + f.failure().getMessage())
                .containsExactly("exception:checked", "error:an Error");
        assertThat(listener.events()).contains("terminated exception FAILED", "terminated error FAILED",
                "terminated a COMPLETED");
        assertThat(listener.records()).filteredOn(r -> r.outcome() == TerminationOutcome.FAILED)
                .allSatisfy(r -> assertThat(r.failure()).isPresent());
    }

    @Test
    void withoutListenersACallbackFailureIsPrintedWithItsCode() throws Exception {
        ReferenceCoordinator c = coordinator();
        TerminableThread t = c.threadBuilder().name("loud").onTerminate(x -> {
            x.thread().interrupt();
            throw new IllegalStateException("callback failed on purpose");
        }).start(untilInterrupted());
        String err = captureStderr(() -> {
            t.terminate();
            assertThat(t.join(TckTime.seconds(10))).isTrue();
            Waits.upTo(10).until(c::terminatorsQuiet);
        });
        assertThat(err).contains("TERMINABLE-CALLBACK-FAILED").contains("loud").contains("callback failed on purpose");
    }

    @Test
    void aThrowingListenerDisturbsNothing() throws Exception {
        ReferenceCoordinator c = coordinator();
        c.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void terminated(io.github.terminable.TerminationRecord record) {
                throw new IllegalStateException("listener broke");
            }
        });
        RecordingListener second = new RecordingListener();
        c.addListener(second);
        c.threadBuilder().name("x").start(untilInterrupted());
        String err = captureStderr(() -> assertThat(c.shutdown().await(TckTime.seconds(20)).completed()).isTrue());
        assertThat(err).contains("TERMINABLE-LISTENER-FAILED").contains("listener broke")
                .doesNotContain("TERMINABLE-CALLBACK-FAILED");
        assertThat(second.events()).contains("terminated x COMPLETED");
        assertThat(c.removeListener(second)).isTrue();
        assertThat(c.removeListener(second)).isFalse();
        assertThatThrownBy(() -> c.addListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
    }

    @Test
    void aThreadRequestedBeforeItsTurnIsAwaitedButNotCalledAgain() throws Exception {
        ReferenceCoordinator c = coordinator();
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        TerminableThread early = c.threadBuilder().name("early").onTerminate(t -> calls.add(t.name()))
                .start(until(release));
        TerminableThread late = c.threadBuilder().name("late").onTerminate(t -> {
            calls.add(t.name());
            t.thread().interrupt();
        }).start(untilInterrupted());
        assertThat(early.terminate()).isTrue();
        Waits.upTo(10).until(() -> calls.contains("early"));
        ShutdownCompletion done = c.shutdown();
        assertThat(late.join(TckTime.seconds(10))).as("'late' ends once its callback interrupts it").isTrue();
        ShutdownReport pending = done.await(TckTime.millis(300));
        assertThat(pending.completed()).as("still waiting for 'early' to end").isFalse();
        assertThat(pending.unfinished()).extracting(u -> u.threadName()).containsExactly("early");
        assertThat(pending.unfinished().get(0).stack()).isNotEmpty();
        release.countDown();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(calls).containsExactly("early", "late");
        assertThat(late.state()).isEqualTo(ThreadState.ENDED);
    }

    @Test
    void aTimedOutAwaitNamesUnfinishedThreadsAndTellsListenersBeforeReturning() throws Exception {
        ReferenceCoordinator c = coordinator();
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        CountDownLatch release = new CountDownLatch(1);
        c.threadBuilder().name("stubborn").start(until(release));
        ShutdownCompletion done = c.shutdown();
        ShutdownReport report = done.await(TckTime.millis(200));
        assertThat(report.completed()).isFalse();
        assertThat(listener.missed()).as("told before await returned").containsExactly(report);
        assertThat(report.unfinished()).singleElement().satisfies(u -> {
            assertThat(u.threadName()).isEqualTo("stubborn");
            assertThat(u.stack()).anySatisfy(frame -> assertThat(frame.getClassName()).contains("CoordinatorFixture"));
        });
        assertThat(report.describe()).contains("stubborn").contains("did NOT complete");
        assertThat(done.isDone()).isFalse();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATING);
        release.countDown();
        ShutdownReport finalReport = done.toCompletionStage().toCompletableFuture()
                .get(TckTime.seconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(finalReport.completed()).isTrue();
        assertThatThrownBy(() -> done.await(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> done.await(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
    }

    @Test
    void registrationDuringShutdownIsRejectedAlsoFromACallback() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicReference<Throwable> fromCallback = new AtomicReference<>();
        AtomicReference<TerminableThread> lateThread = new AtomicReference<>();
        c.threadBuilder().name("starter").onTerminate(t -> {
            TerminableThread late = c.threadBuilder().name("too-late").unstarted(untilInterrupted());
            lateThread.set(late);
            try {
                late.start();
            } catch (Throwable e) {
                fromCallback.set(e);
            }
            t.thread().interrupt();
        }).start(untilInterrupted());
        ShutdownReport report = c.shutdown().await(TckTime.seconds(20));
        assertThat(report.completed()).isTrue();
        assertThat(fromCallback.get()).isInstanceOf(ShutdownInProgressException.class)
                .hasMessageContaining("too-late").hasMessageContaining("test");
        assertThat(lateThread.get().state()).isEqualTo(ThreadState.NEW);
        assertThat(lateThread.get().thread().isAlive()).isFalse();
        TerminableThread after = c.threadBuilder().unstarted(untilInterrupted());
        after.terminate();
        assertThatThrownBy(after::start).isInstanceOf(ShutdownInProgressException.class);
        assertThat(after.state()).isEqualTo(ThreadState.NEW);
        assertThatThrownBy(() -> c.loopBuilder().start()).isInstanceOf(ShutdownInProgressException.class);
        assertThat(c.liveThreads()).isEmpty();
    }

    @Test
    void reentrantCallsFromACallbackDoNotDeadlock() throws Exception {
        ReferenceCoordinator c = coordinator(TckTime.seconds(2));
        AtomicReference<ShutdownCompletion> seen = new AtomicReference<>();
        AtomicReference<ShutdownReport> awaited = new AtomicReference<>();
        AtomicReference<Boolean> selfTerminate = new AtomicReference<>();
        TerminableThread other = c.threadBuilder().name("other").start(untilInterrupted());
        c.threadBuilder().name("reentrant").onTerminate(t -> {
            seen.set(c.shutdown());
            selfTerminate.set(t.terminate());
            other.terminate();
            c.liveThreads();
            c.phase();
            awaited.set(c.shutdown().await(TckTime.millis(50)));
            t.thread().interrupt();
        }).start(untilInterrupted());
        ShutdownCompletion done = c.shutdown();
        assertThat(done.await(TckTime.seconds(20)).completed()).isTrue();
        assertThat(seen.get()).isSameAs(done);
        assertThat(selfTerminate.get()).as("already requested by its turn").isFalse();
        assertThat(awaited.get().completed()).isFalse();
    }

    @Test
    void explicitCallbacksAreNotAwaitedByCompletion() throws Exception {
        ReferenceCoordinator c = coordinator(TckTime.seconds(30));
        CountDownLatch callbackMayReturn = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().name("slow-callback").onTerminate(x -> {
            x.thread().interrupt();
            callbackMayReturn.await();
        }).start(untilInterrupted());
        assertThat(t.terminate()).isTrue();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        ShutdownReport report = c.shutdown().await(TckTime.seconds(10));
        assertThat(report.completed()).as("rule 3.7: not waiting for a callback outside the terminate phase").isTrue();
        callbackMayReturn.countDown();
    }

    @Test
    void aCallbackInvokedBeforeTheShutdownIsNotInItsReport() throws Exception {
        ReferenceCoordinator c = coordinator();
        c.addListener(new RecordingListener());
        CountDownLatch invoked = new CountDownLatch(1);
        CountDownLatch mayFail = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().name("before").onTerminate(x -> {
            x.thread().interrupt();
            invoked.countDown();
            mayFail.await();
            throw new IllegalStateException("failed after the shutdown began");
        }).start(untilInterrupted());
        t.terminate();
        invoked.await();
        ShutdownCompletion done = c.shutdown();
        mayFail.countDown();
        Waits.upTo(10).until(c::terminatorsQuiet);
        assertThat(done.await(TckTime.seconds(10)).failures()).isEmpty();
    }

    @Test
    void coordinatorsAreIsolated() throws Exception {
        ReferenceCoordinator a = coordinator();
        ReferenceCoordinator b = coordinator();
        TerminableThread inA = a.threadBuilder().start(untilInterrupted());
        TerminableThread inB = b.threadBuilder().start(untilInterrupted());
        assertThat(a.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(inA.state()).isEqualTo(ThreadState.ENDED);
        assertThat(inB.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(inB.isTerminationRequested()).isFalse();
        assertThat(b.phase()).isEqualTo(CoordinatorPhase.OPEN);
        assertThat(b.liveThreads()).containsExactly(inB);
    }

    /** Runs {@code action} with System.err captured, and returns what was printed. */
    static String captureStderr(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
