package io.github.terminable.reference;

import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.StdErrCapture;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The turn's wait for its thread's end signal (rules 3.2 and 3.4): a turn whose thread does not
 * end overruns at the bound, and the terminator worker that waited is released rather than left
 * parked on the signal. The order and bounds themselves are checked by the TCK's
 * {@code CompletionOrderTests}.
 */
class CompletionOrderTest extends CoordinatorFixture {

    @Test
    void aTurnWhoseThreadDoesNotEndOverrunsAtTheBoundAndReleasesItsWorker() throws Exception {
        Duration bound = TckTime.millis(300);
        ReferenceCoordinator c = coordinator(bound);
        RecordingListener listener = new RecordingListener();
        c.addListener(listener); // the TCK harness's listener, events written as "kind:subject:detail"
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
        String err = StdErrCapture.during(() -> {
            began[0] = System.nanoTime(); // the turn starts after this, and its bound with it
            shutdown[0] = c.shutdown();
            Waits.upTo(10).until(() -> earlierCalledAt.get() != 0);
        });
        ShutdownCompletion done = shutdown[0];
        assertThat(err).as("the turn's own overrun is not mistaken for a blocked listener").isEmpty();
        assertThat(stubbornCalledAt.get()).isNotZero();
        long gap = earlierCalledAt.get() - began[0];
        assertThat(gap).as("the next turn starts when the bound has elapsed").isGreaterThanOrEqualTo(bound.toNanos());
        assertThat(listener.events()).containsSubsequence("phase:OPEN->TERMINATING",
                "terminated:stubborn:COMPLETED", "overran:stubborn");
        assertThat(listener.phases().get(0).trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        assertThat(listener.events()).doesNotContain("terminated:stubborn:OVERRAN");
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
        assertThat(listener.terminations()).extracting(r -> r.threadName() + " " + r.outcome())
                .containsExactly("stubborn COMPLETED", "earlier COMPLETED");
    }

    /** Threads of the implementation whose stack shows the turn's wait for a thread's end. */
    static List<Thread> parkedOnEndSignal() {
        return Arrays.stream(QuiescenceWatcher.allThreads()).filter(t -> Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("awaitEnd")
                        && f.getClassName().equals(ReferenceTerminableThread.class.getName())))
                .toList();
    }
}
