package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;

import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completion order under load (rules 3.2, 3.3, 3.6, 3.11, 2.7): many units, some requested
 * before the shutdown, some loops, some opted out, an attached child, with uneven cleanup times
 * and explicit terminate() calls racing the terminate phase. Invariant, checked on a global
 * sequence: the callback of every unit starts after every later-registered awaited unit has
 * ended; every unit is called at most once; the shutdown completes without overruns.
 */
class TurnOrderStressTest {

    private static final int UNITS = 30;

    @RepeatedTest(10)
    void everyCallbackStartsAfterEveryLaterAwaitedUnitEnded() throws Exception {
        ExecutorCoordinator c = TestSupport.coordinator("turn-stress", scaled(Duration.ofSeconds(10)));
        ExecutorCoordinator child = TestSupport.coordinator("turn-stress-child", scaled(Duration.ofSeconds(10)));
        AtomicLong clock = new AtomicLong();
        AtomicLongArray calledAt = new AtomicLongArray(UNITS);
        AtomicLongArray endedAt = new AtomicLongArray(UNITS);
        AtomicLongArray calls = new AtomicLongArray(UNITS);
        boolean[] awaited = new boolean[UNITS];
        List<TerminableThread> threads = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int childAt = random.nextInt(UNITS);
        for (int i = 0; i < UNITS; i++) {
            int n = i;
            if (i == childAt) {
                c.attach(child); // the child's thread is unit n: its end is the child's completion
                awaited[n] = true;
                threads.add(child.threadBuilder().name("u" + n).onTerminate(t -> {
                    calledAt.set(n, clock.incrementAndGet());
                    calls.incrementAndGet(n);
                    t.thread().interrupt();
                }).start(body(n, clock, endedAt)));
                continue;
            }
            awaited[n] = random.nextInt(5) != 0;
            if (random.nextInt(4) == 0) {
                BackgroundLoop loop = c.loopBuilder().name("u" + n).awaitedInTurn(awaited[n]).start();
                loop.submitWithContext(ctx -> {
                    ctx.deferCleanup(() -> {
                        spin(random.nextInt(3));
                        endedAt.set(n, clock.incrementAndGet());
                    });
                    return null;
                }).get(awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
                calls.set(n, -1); // a loop's callback is its own; only its end is checked
                threads.add(loop.thread());
                continue;
            }
            threads.add(c.threadBuilder().name("u" + n).awaitedInTurn(awaited[n]).onTerminate(t -> {
                calledAt.set(n, clock.incrementAndGet());
                calls.incrementAndGet(n);
                t.thread().interrupt();
            }).start(body(n, clock, endedAt)));
        }
        // Some requests race the terminate phase (rule 3.6 for those that win).
        java.util.Set<Integer> explicit = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread racer = new Thread(() -> {
            for (int k = 0; k < 5; k++) {
                int u = ThreadLocalRandom.current().nextInt(UNITS);
                if (threads.get(u).terminate()) {
                    explicit.add(u); // its callback is an explicit one, not its turn's
                }
            }
        });
        racer.start();
        ShutdownReport report = c.shutdown().await(awaitWindow());
        racer.join();
        assertThat(report.completed()).as(report.describe()).isTrue();
        assertThat(report.overruns()).isEmpty();
        for (int i = 0; i < UNITS; i++) {
            assertThat(endedAt.get(i)).as("unit %d ended", i).isPositive();
            if (calls.get(i) >= 0) {
                assertThat(calls.get(i)).as("calls of unit %d", i).isEqualTo(1);
            }
        }
        for (int i = 0; i < UNITS; i++) {
            long called = calledAt.get(i);
            if (calls.get(i) < 0 || explicit.contains(i)) {
                continue; // a loop (no callback of its own here) or an explicit request's callback
            }
            for (int later = i + 1; later < UNITS; later++) {
                if (awaited[later]) {
                    assertThat(endedAt.get(later)).as("unit %d ended before the turn of unit %d", later, i)
                            .isLessThan(called);
                }
            }
        }
        TestSupport.shutDownAndAwait(child);
    }

    private static Runnable body(int n, AtomicLong clock, AtomicLongArray endedAt) {
        return () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException termination) {
                spin(ThreadLocalRandom.current().nextInt(3));
                endedAt.set(n, clock.incrementAndGet());
            }
        };
    }

    private static void spin(int millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
