package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.ThreadState;

import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads call start, terminate and shutdown at once, repeatedly. Invariants: every
 * callback runs at most once, and exactly once for every accepted request of a started thread;
 * exactly one terminate() per thread returns true unless shutdown or nobody requested it; every
 * start either registers (and the thread then ends) or is rejected leaving the thread NEW;
 * shutdown completes; nothing stays registered.
 */
class StressTest {

    private static final int THREADS = 40;
    private static final int CALLERS = 8;

    @RepeatedTest(15)
    void concurrentStartTerminateAndShutdownLoseNothingAndCallOnce() throws Exception {
        ExecutorCoordinator c = TestSupport.coordinator("stress", TckTime.scaled(Duration.ofSeconds(5)));
        Map<TerminableThread, AtomicInteger> calls = new ConcurrentHashMap<>();
        Map<TerminableThread, AtomicInteger> acceptedTerminates = new ConcurrentHashMap<>();
        List<TerminableThread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            TerminableThread[] holder = new TerminableThread[1];
            AtomicInteger count = new AtomicInteger();
            holder[0] = c.threadBuilder().name("s" + i).onTerminate(t -> {
                count.incrementAndGet();
                t.thread().interrupt();
            }).unstarted(StressTest::sleepUntilInterrupted);
            calls.put(holder[0], count);
            acceptedTerminates.put(holder[0], new AtomicInteger());
            threads.add(holder[0]);
        }
        Map<TerminableThread, Boolean> started = new ConcurrentHashMap<>();
        AtomicInteger rejected = new AtomicInteger();
        List<Object> handles = new java.util.concurrent.CopyOnWriteArrayList<>();
        CyclicBarrier go = new CyclicBarrier(CALLERS);
        List<Thread> callers = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int k = 0; k < CALLERS; k++) {
            int caller = k;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int step = 0; step < THREADS * 3; step++) {
                        TerminableThread t = threads.get(random.nextInt(THREADS));
                        int action = random.nextInt(10);
                        if (action < 4) {
                            try {
                                t.start();
                                started.put(t, true);
                            } catch (ShutdownInProgressException e) {
                                rejected.incrementAndGet();
                                assertThat(t.state()).isNotEqualTo(ThreadState.ENDED);
                            } catch (IllegalStateException alreadyStarted) {
                                // another caller won
                            }
                        } else if (action < 9) {
                            if (t.terminate()) {
                                acceptedTerminates.get(t).incrementAndGet();
                            }
                        } else if (caller % 2 == 0) {
                            handles.add(c.shutdown());
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "stress-caller-" + k);
            callers.add(thread);
            thread.start();
        }
        for (Thread t : callers) {
            t.join(awaitWindow().toMillis());
        }
        assertThat(errors).isEmpty();
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).as(report.describe()).isTrue();
        assertThat(handles).allMatch(h -> h == c.shutdown());
        assertThat(c.liveThreads()).isEmpty();
        assertThat(c.registeredThreads()).isEmpty();
        for (TerminableThread t : threads) {
            int accepted = acceptedTerminates.get(t).get();
            assertThat(accepted).as("accepted terminate() calls of %s", t.name()).isLessThanOrEqualTo(1);
            if (started.containsKey(t)) {
                assertThat(t.state()).isEqualTo(ThreadState.ENDED);
                assertThat(t.isTerminationRequested()).isTrue();
            } else {
                assertThat(t.state()).isEqualTo(ThreadState.NEW);
                assertThat(calls.get(t).get()).isZero();
            }
        }
        // Every started thread was requested by someone (explicitly or by shutdown), so its
        // callback runs exactly once; callbacks of explicit requests may still be finishing,
        // because completion does not wait for them (rule 3.7).
        org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .atMost(awaitWindow())
                .until(() -> started.keySet().stream().allMatch(t -> calls.get(t).get() == 1));
        org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).during(Duration.ofMillis(50))
                .atMost(awaitWindow()).until(() -> calls.values().stream().allMatch(n -> n.get() <= 1));
    }

    private static void sleepUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException expected) {
            // end
        }
    }
}
