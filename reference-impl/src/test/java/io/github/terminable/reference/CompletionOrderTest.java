package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.reference.CoordinatorShutdownTest.captureStderr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terminate phase ordered by completion (rules 3.2, 3.3, 3.4, 3.6, 3.11 and 3.12): a turn
 * waits for its thread to end, within {@code callbackTimeout} from the turn's start, on the
 * thread's end signal.
 */
class CompletionOrderTest extends CoordinatorFixture {

    @Test
    void anEarlierCallbackStartsOnlyAfterTheLaterThreadHasEnded() throws Exception {
        ReferenceCoordinator c = coordinator(TckTime.seconds(10));
        CountDownLatch laterMayEnd = new CountDownLatch(1);
        AtomicReference<ThreadState> laterStateSeenByEarlier = new AtomicReference<>();
        TerminableThread[] later = new TerminableThread[1];
        TerminableThread earlier = c.threadBuilder().name("earlier").onTerminate(t -> {
            laterStateSeenByEarlier.set(later[0].state());
            t.thread().interrupt();
        }).start(untilInterrupted());
        CountDownLatch laterCalled = new CountDownLatch(1);
        later[0] = c.threadBuilder().name("later").onTerminate(t -> laterCalled.countDown())
                .start(until(laterMayEnd)); // ends only when the test says so, whatever the callback did
        ShutdownCompletion done = c.shutdown();
        assertThat(laterCalled.await(10, TimeUnit.SECONDS)).isTrue();
        // the later thread's callback has returned; its turn now waits for its end
        Waits.upTo(1).during(TckTime.millis(100)).until(() -> !earlier.isTerminationRequested());
        laterMayEnd.countDown();
        ShutdownReport report = done.await(TckTime.seconds(10));
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).isEmpty();
        assertThat(laterStateSeenByEarlier.get()).as("rule 3.2: completion order").isEqualTo(ThreadState.ENDED);
    }

    @Test
    void aTurnWhoseThreadDoesNotEndOverrunsAtTheBoundAndReleasesItsWorker() throws Exception {
        Duration bound = TckTime.millis(300);
        ReferenceCoordinator c = coordinator(bound);
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong earlierCalledAt = new AtomicLong();
        AtomicLong stubbornCalledAt = new AtomicLong();
        c.threadBuilder().name("earlier").onTerminate(t -> {
            earlierCalledAt.set(System.nanoTime());
            t.thread().interrupt();
        }).start(untilInterrupted());
        TerminableThread stubborn = c.threadBuilder().name("stubborn")
                .onTerminate(t -> stubbornCalledAt.set(System.nanoTime())).start(until(release));
        ShutdownCompletion[] shutdown = new ShutdownCompletion[1];
        long[] began = new long[1];
        String err = captureStderr(() -> {
            began[0] = System.nanoTime(); // the turn starts after this, and its bound with it
            shutdown[0] = c.shutdown();
            Waits.upTo(10).until(() -> earlierCalledAt.get() != 0);
        });
        ShutdownCompletion done = shutdown[0];
        assertThat(err).as("the turn's own overrun is not mistaken for a blocked listener").isEmpty();
        assertThat(stubbornCalledAt.get()).isNotZero();
        long gap = earlierCalledAt.get() - began[0];
        assertThat(gap).as("the next turn starts when the bound has elapsed").isGreaterThanOrEqualTo(bound.toNanos());
        assertThat(listener.events()).containsSubsequence("phase OPEN->TERMINATING EXPLICIT",
                "terminated stubborn COMPLETED", "overran stubborn");
        assertThat(listener.events()).doesNotContain("terminated stubborn OVERRAN");
        // the worker that waited does not keep waiting: no thread stays parked on the end signal
        Waits.upTo(10).until(() -> parkedOnEndSignal().isEmpty());
        ShutdownReport pending = done.await(TckTime.millis(50));
        assertThat(pending.completed()).as("completion still waits for the stubborn thread (rule 3.7)").isFalse();
        assertThat(pending.overruns()).containsExactly("stubborn");
        release.countDown();
        ShutdownReport report = done.await(TckTime.seconds(10));
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).containsExactly("stubborn");
        assertThat(stubborn.state()).isEqualTo(ThreadState.ENDED);
        assertThat(listener.records()).extracting(r -> r.threadName() + " " + r.outcome())
                .containsExactly("stubborn COMPLETED", "earlier COMPLETED");
    }

    /** Threads of the implementation whose stack shows the turn's wait for a thread's end. */
    static List<Thread> parkedOnEndSignal() {
        return Arrays.stream(QuiescenceWatcher.allThreads()).filter(t -> Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("awaitEnd")
                        && f.getClassName().equals(ReferenceTerminableThread.class.getName())))
                .toList();
    }

    @Test
    void aThreadRequestedBeforeItsTurnIsWaitedForAndOverrunsWithoutARecord() throws Exception {
        Duration bound = TckTime.millis(200);
        ReferenceCoordinator c = coordinator(bound);
        CountDownLatch release = new CountDownLatch(1);
        c.threadBuilder().name("earlier").start(untilInterrupted());
        TerminableThread early = c.threadBuilder().name("early").onTerminate(t -> { }).start(until(release));
        early.terminate();
        Waits.upTo(10).until(c::terminatorsQuiet);
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        ShutdownCompletion done = c.shutdown();
        Waits.upTo(10).until(() -> listener.events().contains("overran early"));
        assertThat(listener.events()).doesNotContain("terminated early COMPLETED", "terminated early OVERRAN");
        release.countDown();
        ShutdownReport report = done.await(TckTime.seconds(10));
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).containsExactly("early");
        assertThat(listener.events()).containsSubsequence("overran early", "terminated earlier COMPLETED");
    }

    @Test
    void anOptedOutThreadIsAskedInOrderButNotWaitedForExceptByCompletion() throws Exception {
        ReferenceCoordinator c = coordinator(TckTime.seconds(10));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch earlierCalled = new CountDownLatch(1);
        c.threadBuilder().name("earlier").onTerminate(t -> {
            earlierCalled.countDown();
            t.thread().interrupt();
        }).start(untilInterrupted());
        TerminableThread optedOut = c.threadBuilder().name("opted-out").awaitedInTurn(false).start(until(release));
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        ShutdownCompletion done = c.shutdown();
        assertThat(earlierCalled.await(10, TimeUnit.SECONDS)).as("rule 3.11: the turn ended with the callback").isTrue();
        assertThat(optedOut.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(done.await(TckTime.millis(50)).completed()).as("rule 3.7 still waits for it").isFalse();
        release.countDown();
        ShutdownReport report = done.await(TckTime.seconds(10));
        assertThat(report.completed()).isTrue();
        assertThat(report.overruns()).isEmpty();
        assertThat(listener.events()).doesNotContain("overran opted-out");
    }

    @Test
    void anOptedOutLoopRequestedBeforeItsTurnEndsItsTurnAtOnce() throws Exception {
        ReferenceCoordinator c = coordinator(TckTime.seconds(10));
        CountDownLatch earlierCalled = new CountDownLatch(1);
        c.threadBuilder().name("earlier").onTerminate(t -> {
            earlierCalled.countDown();
            t.thread().interrupt();
        }).start(untilInterrupted());
        CountDownLatch release = new CountDownLatch(1);
        io.github.terminable.BackgroundLoop loop = c.loopBuilder().name("lazy-loop").awaitedInTurn(false).start();
        loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> until(release).run()); // its cleanup blocks: the loop has not ended
            return null;
        }).get();
        loop.terminate();
        ShutdownCompletion done = c.shutdown();
        assertThat(earlierCalled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.isTerminated()).isFalse();
        release.countDown();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
    }

    @Test
    void aLoopsTurnWaitsForItsCleanups() throws Exception {
        ReferenceCoordinator c = coordinator(TckTime.seconds(10));
        AtomicReference<Boolean> loopEndedWhenEarlierCalled = new AtomicReference<>();
        io.github.terminable.BackgroundLoop[] loop = new io.github.terminable.BackgroundLoop[1];
        c.threadBuilder().name("earlier").onTerminate(t -> {
            loopEndedWhenEarlierCalled.set(loop[0].isTerminated());
            t.thread().interrupt();
        }).start(untilInterrupted());
        CountDownLatch release = new CountDownLatch(1);
        loop[0] = c.loopBuilder().name("cleaning-loop").start();
        loop[0].submitWithContext(ctx -> {
            ctx.deferCleanup(() -> until(release).run());
            return null;
        }).get();
        ShutdownCompletion done = c.shutdown();
        Waits.upTo(10).until(() -> loop[0].thread().isTerminationRequested());
        Waits.upTo(1).during(TckTime.millis(100)).until(() -> loopEndedWhenEarlierCalled.get() == null);
        release.countDown();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(loopEndedWhenEarlierCalled.get()).isTrue();
    }

    @Test
    void aCallbackThatThrowsAfterItsOverrunIsPrintedOnceAndNotRecordedAgain() throws Exception {
        Duration bound = TckTime.millis(200);
        ReferenceCoordinator c = coordinator(bound);
        RecordingListener listener = new RecordingListener();
        c.addListener(listener);
        CountDownLatch throwNow = new CountDownLatch(1);
        CountDownLatch thrown = new CountDownLatch(1);
        c.threadBuilder().name("late-thrower").onTerminate(t -> {
            t.thread().interrupt();
            try {
                throwNow.await();
            } finally {
                thrown.countDown();
            }
            throw new IllegalStateException("thrown after the overrun");
        }).start(untilInterrupted());
        ShutdownCompletion done = c.shutdown();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
        String err = captureStderr(() -> {
            throwNow.countDown();
            assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();
            Waits.upTo(10).until(() -> parkedOrRunningCallback("late-thrower").isEmpty());
        });
        assertThat(err).contains("TERMINABLE-CALLBACK-FAILED").contains("late-thrower").contains("overrun")
                .contains("thrown after the overrun");
        ShutdownReport report = done.await(TckTime.seconds(1));
        assertThat(report.failures()).as("rule 3.12").isEmpty();
        assertThat(report.overruns()).containsExactly("late-thrower");
        assertThat(listener.records()).extracting(r -> r.threadName() + " " + r.outcome())
                .containsExactly("late-thrower OVERRAN");
    }

    /** Terminator workers still inside the callback of {@code name} (the abandoned worker). */
    private static List<Thread> parkedOrRunningCallback(String name) {
        return Arrays.stream(QuiescenceWatcher.allThreads()).filter(t -> Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(CallbackJob.class.getName()) && f.getMethodName().equals("run")))
                .toList();
    }
}
