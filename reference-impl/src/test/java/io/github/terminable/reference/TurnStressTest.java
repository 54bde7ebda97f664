package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The turn wait under racing ends (rules 3.2, 3.3, 3.4, 3.6, 3.11): threads end right after
 * their callback, a little later, around the bound, or only long after it; some are requested
 * before their turn, some opted out, some attached coordinators. In every round: an earlier
 * unit's callback starts only once every later awaited unit has ended or been reported overrun;
 * each invoked callback has exactly one record; every overran unit is in {@code overruns()}
 * exactly once; the shutdown completes; no worker stays parked on an end signal.
 */
class TurnStressTest extends CoordinatorFixture {

    private static final int ROUNDS = 60;
    private static final int UNITS = 8;

    /** Everything that happened, in order, as text. */
    private final List<String> log = new ArrayList<>();

    private synchronized void log(String line) {
        log.add(line);
    }

    private synchronized List<String> logSnapshot() {
        return List.copyOf(log);
    }

    @Test
    void turnsEndAtTheEndOrAtTheBoundWhateverTheTiming() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            runRound("round " + round + " of seed " + seed, random);
        }
        Waits.upTo(10).until(() -> CompletionOrderTest.parkedOnEndSignal().isEmpty());
    }

    private void runRound(String where, Random random) throws Exception {
        synchronized (this) {
            log.clear();
        }
        Duration bound = TckTime.millis(30);
        ReferenceCoordinator c = coordinator(CoordinatorSettings.builder().name("turns").callbackTimeout(bound)
                .shutdownDeadline(TckTime.millis(60)).build());
        c.addListener(new TerminationListener() {
            @Override
            public void terminated(TerminationRecord record) {
                log("record " + record.threadName() + " " + record.outcome());
            }

            @Override
            public void overran(String threadName, Duration b) {
                log("overran " + threadName);
            }
        });
        CountDownLatch releaseLate = new CountDownLatch(1);
        List<String> names = new ArrayList<>();
        List<Boolean> awaited = new ArrayList<>();
        List<TerminableThread> threads = new ArrayList<>();
        List<ReferenceCoordinator> children = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            String name = "u" + i;
            names.add(name);
            int kind = random.nextInt(6);
            if (kind == 5) { // an attached coordinator with one thread that ends after a random delay
                ReferenceCoordinator child = coordinator(CoordinatorSettings.builder().name(name)
                        .callbackTimeout(bound).shutdownDeadline(TckTime.millis(40)).build());
                c.attach(child);
                long delay = TckTime.millis(random.nextInt(60)).toNanos();
                child.threadBuilder().name(name + "-t").onTerminate(t -> t.thread().interrupt()).start(() -> {
                    untilInterrupted().run();
                    LockSupport.parkNanos(delay);
                    log("ended " + name);
                });
                awaited.add(true);
                threads.add(null);
                children.add(child);
                continue;
            }
            boolean awaitedInTurn = random.nextInt(4) != 0;
            long delay = kind == 0 ? 0 : TckTime.millis(kind == 1 ? random.nextInt(10)
                    : kind == 2 ? 20 + random.nextInt(20) : 0).toNanos();
            boolean late = kind == 3 || kind == 4;
            TerminableThread t = c.threadBuilder().name(name).awaitedInTurn(awaitedInTurn).onTerminate(x -> {
                log("call " + x.name());
                x.thread().interrupt();
            }).start(() -> {
                if (late) {
                    until(releaseLate).run();
                } else {
                    untilInterrupted().run();
                }
                LockSupport.parkNanos(delay);
                log("ended " + name);
            });
            awaited.add(awaitedInTurn);
            threads.add(t);
        }
        java.util.Set<String> preRequested = new java.util.HashSet<>();
        for (TerminableThread t : threads) {
            if (t != null && random.nextInt(5) == 0) {
                t.terminate(); // requested before its turn: rule 3.6
                preRequested.add(t.name());
            }
        }
        // their callbacks ran, and their records came, before the shutdown
        Waits.upTo(10).until(() -> preRequested.stream()
                .allMatch(n -> logSnapshot().stream().anyMatch(line -> line.startsWith("record " + n + " "))));
        ShutdownCompletion done = c.shutdown();
        Thread releaser = new Thread(() -> {
            LockSupport.parkNanos(TckTime.millis(random.nextInt(80)).toNanos());
            releaseLate.countDown();
        });
        releaser.start();
        ShutdownReport report = done.await(TckTime.seconds(20));
        releaser.join();
        assertThat(report.completed()).as(where + " " + logSnapshot()).isTrue();
        List<String> events = logSnapshot();
        // an earlier unit's turn callback starts only once every later awaited unit has ended or overran
        for (int i = 0; i < UNITS; i++) {
            int turnCall = events.indexOf("call " + names.get(i));
            if (turnCall < 0 || threads.get(i) == null || preRequested.contains(names.get(i))) {
                continue; // no callback at its turn
            }
            List<String> before = events.subList(0, turnCall);
            for (int j = i + 1; j < UNITS; j++) {
                if (threads.get(j) == null || !awaited.get(j) || !before.contains("call " + names.get(j))) {
                    continue; // a child (covered by AttachTest), opted out, or skipped because it had ended
                }
                assertThat(before.contains("ended " + names.get(j)) || before.contains("overran " + names.get(j)))
                        .as(where + ": " + names.get(i) + " called before " + names.get(j) + " ended or overran: "
                                + events).isTrue();
            }
        }
        for (String name : names) {
            long overran = events.stream().filter(("overran " + name)::equals).count();
            assertThat(overran).as(where + " " + events).isLessThanOrEqualTo(1);
            assertThat(report.overruns().stream().filter(name::equals).count()).as(where).isEqualTo(overran);
            long calls = events.stream().filter(("call " + name)::equals).count();
            long records = events.stream().filter(e -> e.startsWith("record " + name + " ")).count();
            assertThat(records).as(where + " one record per callback: " + events).isEqualTo(calls);
        }
        for (ReferenceCoordinator child : children) {
            assertThat(child.completion().await(TckTime.seconds(10)).completed()).isTrue();
        }
        assertThat(c.unitCount()).isZero();
        assertThat(done.await(TckTime.millis(1)).completed()).isTrue();
        assertThat(releaseLate.await(0, TimeUnit.NANOSECONDS)).isTrue();
    }
}
