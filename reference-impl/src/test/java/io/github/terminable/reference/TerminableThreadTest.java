package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-thread state machine NEW -> RUNNING -> ENDED and its requests (section 1). */
class TerminableThreadTest extends CoordinatorFixture {

    @Test
    void lifecycleMovesForwardAndEndedThreadsAreForgotten() throws Exception {
        ReferenceCoordinator c = coordinator();
        CountDownLatch release = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().name("life").unstarted(until(release));
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        assertThat(t.join(Duration.ofMillis(1))).as("never started").isFalse();
        assertThat(c.liveThreads()).isEmpty();

        t.start();
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(c.liveThreads()).containsExactly(t);
        assertThat(t.thread().isDaemon()).as("rule 1.9").isFalse();

        release.countDown();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
        assertThat(c.liveThreads()).isEmpty();
        assertThat(t.terminate()).as("rule 1.5").isFalse();
        assertThat(t.isTerminationRequested()).isFalse();
    }

    @Test
    void secondStartIsRejectedAndChangesNothing() throws Exception {
        ReferenceCoordinator c = coordinator();
        TerminableThread t = c.threadBuilder().start(untilInterrupted());
        assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class).hasMessageContaining(t.name())
                .hasMessageContaining("already started");
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(c.liveThreads()).containsExactly(t);
        assertThat(t.terminate()).isTrue();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class);
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
    }

    @Test
    void requestBeforeStartIsKeptAndHonouredAfterStart() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch bodyRan = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().onTerminate(x -> {
            calls.incrementAndGet();
            release.countDown();
        }).unstarted(() -> {
            bodyRan.countDown();
            until(release).run();
        });
        assertThat(t.terminate()).isTrue();
        assertThat(t.terminate()).isFalse();
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        assertThat(calls).as("not invoked while NEW").hasValue(0);

        t.start();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThat(bodyRan.getCount()).as("a pending request does not prevent the body").isZero();
        assertThat(calls).hasValue(1);
    }

    @Test
    void concurrentRequestsInvokeTheCallbackExactlyOnce() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().onTerminate(x -> {
            calls.incrementAndGet();
            release.countDown();
        }).start(until(release));
        int callers = 8;
        CyclicBarrier go = new CyclicBarrier(callers);
        AtomicInteger trues = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (t.terminate()) {
                    trues.incrementAndGet();
                }
            });
            caller.start();
            threads.add(caller);
        }
        for (Thread caller : threads) {
            caller.join();
        }
        assertThat(trues).as("rule 1.3").hasValue(1);
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThat(calls).as("rule 1.2").hasValue(1);
    }

    @Test
    void callbackRunsOnADaemonTerminatorNeverOnTheCaller() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().onTerminate(x -> {
            ranOn.set(Thread.currentThread());
            release.countDown();
        }).start(until(release));
        assertThat(t.terminate()).isTrue();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThat(ranOn.get()).isNotNull().isNotSameAs(Thread.currentThread()).isNotSameAs(t.thread());
        assertThat(ranOn.get().isDaemon()).isTrue();
        assertThat(ranOn.get().getName()).contains("terminator");
    }

    @Test
    void requestFromInsideTheThreadDoesNotWaitForItsCallback() throws Exception {
        ReferenceCoordinator c = coordinator();
        CountDownLatch callbackMayReturn = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Boolean> returned = new AtomicReference<>();
        TerminableThread[] self = new TerminableThread[1];
        CountDownLatch started = new CountDownLatch(1);
        self[0] = c.threadBuilder().onTerminate(x -> {
            calls.incrementAndGet();
            callbackMayReturn.await();
        }).unstarted(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            returned.set(self[0].terminate()); // returns although the callback is blocked
        });
        self[0].start();
        started.countDown();
        assertThat(self[0].join(TckTime.seconds(10))).as("body ended while its callback blocks").isTrue();
        assertThat(returned.get()).isTrue();
        Waits.upTo(10).until(() -> calls.get() == 1);
        callbackMayReturn.countDown();
    }

    @Test
    void callbackIsInvokedEvenIfTheBodyEndsFirst() throws Exception {
        ReferenceCoordinator c = coordinator();
        CountDownLatch invoked = new CountDownLatch(1);
        TerminableThread[] self = new TerminableThread[1];
        self[0] = c.threadBuilder().onTerminate(x -> invoked.countDown()).unstarted(() -> self[0].terminate());
        self[0].start();
        assertThat(self[0].join(TckTime.seconds(10))).isTrue();
        Waits.upTo(10).until(() -> invoked.getCount() == 0);
    }

    @Test
    void defaultCallbackInterrupts() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        TerminableThread t = c.threadBuilder().start(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        t.terminate();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThat(interrupted.get()).as("rule 1.7").isTrue();
    }

    @Test
    void platformThreadsAreNonDaemonEvenWhenCreatedByADaemon() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicReference<TerminableThread> made = new AtomicReference<>();
        Thread daemon = new Thread(() -> made.set(c.threadBuilder().unstarted(untilInterrupted())));
        daemon.setDaemon(true);
        daemon.start();
        daemon.join();
        assertThat(made.get().thread().isDaemon()).isFalse();
    }

    @Test
    void bodyFailureGoesToTheUncaughtHandlerAndTheThreadIsForgotten() throws Exception {
        ReferenceCoordinator c = coordinator();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        TerminableThread t = c.threadBuilder().unstarted(() -> {
            throw new IllegalStateException("boom");
        });
        t.thread().setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
        t.start();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        // join reports the end of the body (rule 4.11's note); the JVM calls the handler just after
        Waits.upTo(10).until(() -> !uncaught.isEmpty());
        assertThat(uncaught).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
        assertThat(c.liveThreads()).isEmpty();
    }

    @Test
    void builderRejectsBadInputAndKeepsItsConfiguration() throws Exception {
        ReferenceCoordinator c = coordinator();
        TerminableThreadBuilder b = c.threadBuilder().name("kept");
        assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> b.name("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> b.onTerminate(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callback");
        assertThatThrownBy(() -> b.owner(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> b.unstarted(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> b.start(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
        TerminableThread t = b.unstarted(untilInterrupted());
        assertThat(t.name()).isEqualTo("kept");
        assertThat(c.liveThreads()).isEmpty();
        assertThatThrownBy(() -> t.join(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> t.join(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> t.join(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultNamesAreUniquePerCoordinator() {
        ReferenceCoordinator c = coordinator();
        TerminableThread a = c.threadBuilder().unstarted(untilInterrupted());
        TerminableThread b = c.threadBuilder().unstarted(untilInterrupted());
        assertThat(a.name()).isNotEqualTo(b.name()).startsWith("test-");
        assertThat(a.thread().getName()).isEqualTo(a.name());
        assertThat(a.coordinator()).isSameAs(c);
    }
}
