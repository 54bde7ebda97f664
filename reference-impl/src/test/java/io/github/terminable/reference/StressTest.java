package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads calling {@code start()}, {@code terminate()} and {@code shutdown()} at once,
 * repeated: every callback runs exactly once, nothing is lost (every registered thread is
 * terminated and awaited), every rejected thread is still NEW (rules 1.2, 1.3, 2.3, 2.4, 3.1).
 */
class StressTest extends CoordinatorFixture {

    private static final int ROUNDS = 200;
    private static final int STARTED = 6;
    private static final int RACING = 6;

    @Test
    void startTerminateAndShutdownRacingEachOther() throws Exception {
        Random seeds = new Random();
        long seed = seeds.nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            runRound(round, random, seed);
        }
    }

    private void runRound(int round, Random random, long seed) throws Exception {
        String where = "round " + round + " of seed " + seed;
        ReferenceCoordinator c = coordinator(TckTime.seconds(20));
        int total = STARTED + RACING;
        AtomicIntegerArray callbacks = new AtomicIntegerArray(total);
        AtomicIntegerArray trues = new AtomicIntegerArray(total);
        List<TerminableThread> threads = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int index = i;
            threads.add(c.threadBuilder().name("s" + i).onTerminate(t -> {
                callbacks.incrementAndGet(index);
                t.thread().interrupt();
            }).unstarted(untilInterrupted()));
        }
        for (int i = 0; i < STARTED; i++) {
            threads.get(i).start();
        }
        int terminators = 3;
        int shutdowns = 2;
        CyclicBarrier go = new CyclicBarrier(RACING + terminators + shutdowns);
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        boolean[] rejected = new boolean[total];
        List<ShutdownCompletion> handles = new CopyOnWriteArrayList<>();
        List<Thread> actors = new ArrayList<>();
        for (int i = STARTED; i < total; i++) {
            int index = i;
            actors.add(actor(go, unexpected, () -> {
                try {
                    threads.get(index).start();
                } catch (ShutdownInProgressException e) {
                    rejected[index] = true;
                }
            }));
        }
        for (int k = 0; k < terminators; k++) {
            long actorSeed = random.nextLong();
            actors.add(actor(go, unexpected, () -> {
                Random r = new Random(actorSeed);
                for (int n = 0; n < 4; n++) {
                    int index = r.nextInt(total);
                    if (threads.get(index).terminate()) {
                        trues.incrementAndGet(index);
                    }
                }
            }));
        }
        for (int k = 0; k < shutdowns; k++) {
            actors.add(actor(go, unexpected, () -> handles.add(c.shutdown())));
        }
        for (Thread a : actors) {
            a.join();
        }
        assertThat(unexpected).as(where).isEmpty();
        assertThat(handles).as(where).hasSize(shutdowns).allSatisfy(h -> assertThat(h).isSameAs(handles.get(0)));
        ShutdownReport report = handles.get(0).await(TckTime.seconds(20));
        assertThat(report.completed()).as(where + ": " + report.describe()).isTrue();
        assertThat(c.liveThreads()).as(where).isEmpty();
        Waits.upTo(20).until(c::terminatorsQuiet);
        for (int i = 0; i < total; i++) {
            TerminableThread t = threads.get(i);
            assertThat(trues.get(i)).as(where + ": true returns of " + t).isLessThanOrEqualTo(1);
            if (rejected[i]) {
                assertThat(t.state()).as(where + ": rejected " + t).isEqualTo(ThreadState.NEW);
                assertThat(t.thread().isAlive()).as(where).isFalse();
                assertThat(callbacks.get(i)).as(where + ": callbacks of rejected " + t).isZero();
            } else {
                assertThat(t.state()).as(where + ": registered " + t).isEqualTo(ThreadState.ENDED);
                assertThat(callbacks.get(i)).as(where + ": callbacks of " + t).isEqualTo(1);
                assertThat(t.isTerminationRequested()).as(where).isTrue();
            }
        }
    }

    private static Thread actor(CyclicBarrier go, List<Throwable> unexpected, Runnable action) {
        Thread t = new Thread(() -> {
            try {
                go.await();
                action.run();
            } catch (Throwable e) {
                unexpected.add(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void manyConcurrentTerminateCallsOnManyThreadsNeverDoubleACallback() throws Exception {
        ReferenceCoordinator c = coordinator();
        int n = 50;
        ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        List<TerminableThread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(c.threadBuilder().name("m" + i).onTerminate(t -> {
                calls.computeIfAbsent(t.name(), k -> new AtomicInteger()).incrementAndGet();
                t.thread().interrupt();
            }).start(untilInterrupted()));
        }
        AtomicInteger trues = new AtomicInteger();
        CyclicBarrier go = new CyclicBarrier(4);
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        List<Thread> actors = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            actors.add(actor(go, unexpected, () -> {
                for (TerminableThread t : threads) {
                    if (t.terminate()) {
                        trues.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread a : actors) {
            a.join();
        }
        assertThat(unexpected).isEmpty();
        assertThat(trues).hasValue(n);
        for (TerminableThread t : threads) {
            assertThat(t.join(TckTime.seconds(10))).isTrue();
        }
        Waits.upTo(10).until(c::terminatorsQuiet);
        assertThat(calls).hasSize(n).allSatisfy((name, count) -> assertThat(count).hasValue(1));
    }
}
