package io.github.terminable.tck.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.terminable.tck.harness.TckKnobs;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * {@link PropertyCheck} runs its examples in {@value PropertyCheck#LANES} lanes at the same time:
 * the examples are split evenly; the lanes meet (they overlap in time); each lane has its
 * own seed, all replayed by the property's seed; a failure in any lane is reported with that seed;
 * an interrupt of the caller reaches the lanes; and no lane thread outlives {@code check()}.
 */
class PropertyCheckTest {

    /** Long enough for a second lane to start on a loaded machine; only a missing lane waits it out. */
    private static final Duration MEETING_WINDOW = TckTime.scaled(Duration.ofSeconds(10));
    private static final int EXAMPLES = 40;
    /** The numbers the checks here run over. */
    private static final Gen<Numbered> NUMBERS = integers().between(0, 1_000_000).map(Numbered::new);

    /** A scenario that is just a number. */
    private record Numbered(int value) implements Scenario {
        @Override
        public List<String> steps() {
            return List.of("the number " + value);
        }

        @Override
        public List<Numbered> simpler() {
            return value > 0 ? List.of(new Numbered(value / 2)) : List.of();
        }

        @Override
        public int size() {
            return value;
        }
    }

    /** Each running thread's scenarios in order, and whether its first scenario met another lane's. */
    private final Map<Thread, List<Integer>> byThread = new ConcurrentHashMap<>();
    private final Map<Thread, Boolean> metAnotherLane = new ConcurrentHashMap<>();
    private final CountDownLatch lanesIn = new CountDownLatch(PropertyCheck.LANES);
    private final String previousSeed = System.getProperty(TckKnobs.SEED_PROPERTY);

    @AfterEach
    void restoreSeed() {
        if (previousSeed == null) {
            System.clearProperty(TckKnobs.SEED_PROPERTY);
        } else {
            System.setProperty(TckKnobs.SEED_PROPERTY, previousSeed);
        }
    }

    @Test
    void everyExampleRunsOnceInTwoLanesThatOverlapAndEndWithTheCheck() {
        check(v -> false);

        assertThat(byThread).hasSize(PropertyCheck.LANES).containsKey(Thread.currentThread());
        // QuickTheories skips a generated value it already tried, so a lane runs at most its share.
        assertThat(byThread.values()).allSatisfy(lane -> assertThat(lane).doesNotHaveDuplicates().hasSizeBetween(
                EXAMPLES / PropertyCheck.LANES / 2, EXAMPLES / PropertyCheck.LANES));
        assertThat(metAnotherLane).as("each lane's first scenario ran while another lane was running")
                .hasSize(PropertyCheck.LANES).doesNotContainValue(false);
        assertThat(laneThreads()).allSatisfy(t -> {
            assertThat(t.getName()).startsWith("tck-property-lane-");
            assertThat(t.isAlive()).as("lane thread %s after check()", t.getName()).isFalse();
        });
        List<List<Integer>> sequences = new ArrayList<>(byThread.values());
        assertThat(sequences.get(0)).as("the lanes draw from different seeds").isNotEqualTo(sequences.get(1));
    }

    @Test
    void theSeedReplaysTheScenariosOfEveryLane() {
        System.setProperty(TckKnobs.SEED_PROPERTY, "20261207");
        check(v -> false);
        Map<String, List<Integer>> first = byLane();

        byThread.clear();
        metAnotherLane.clear();
        check(v -> false);

        assertThat(byLane()).hasSize(PropertyCheck.LANES).isEqualTo(first);
    }

    @Test
    void aFailureInEitherLaneIsReportedWithTheSeedAndNoLaneOutlivesIt() {
        System.setProperty(TckKnobs.SEED_PROPERTY, "7");
        assertThatThrownBy(() -> check(v -> v % 2 == 1)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Property 'numbers' failed (seed 7, " + EXAMPLES + " examples in "
                        + PropertyCheck.LANES + " lanes).")
                .hasMessageContaining("-D" + TckKnobs.SEED_PROPERTY + "=7")
                .hasMessageContaining("violated:")
                .hasMessageContaining("is odd");
        assertThat(laneThreads()).isNotEmpty().noneMatch(Thread::isAlive);
    }

    @Test
    void anInterruptOfTheCallerIsPassedOnToTheLanesAndSetAgainOnceTheyEnded() throws Exception {
        CountDownLatch laneBlocked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Map<Thread, Boolean> laneInterrupted = new ConcurrentHashMap<>();
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                if (laneBlocked.await(MEETING_WINDOW.toMillis(), TimeUnit.MILLISECONDS)) {
                    caller.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "interrupter");
        interrupter.start();

        PropertyCheck.of("numbers", NUMBERS, s -> {
            Thread lane = Thread.currentThread();
            if (lane != caller && laneInterrupted.isEmpty()) {
                laneBlocked.countDown();
                try {
                    boolean opened = never.await(MEETING_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
                    laneInterrupted.put(lane, false);
                    assertThat(opened).as("a latch nobody counts down").isFalse();
                } catch (InterruptedException e) {
                    laneInterrupted.put(lane, true);
                }
            }
            return new Outcome();
        }, EXAMPLES).check();

        boolean callerInterrupted = Thread.interrupted();
        interrupter.join();
        assertThat(laneInterrupted).as("the blocked lane was interrupted").containsValue(true);
        assertThat(callerInterrupted).as("the caller's interrupt status after check()").isTrue();
        assertThat(laneInterrupted.keySet()).noneMatch(Thread::isAlive);
    }

    @Test
    void oneExampleRunsInOneLane() {
        PropertyCheck.of("one number", NUMBERS, s -> {
            laneOfThisThread().add(s.value());
            return new Outcome();
        }, 1).check();

        assertThat(byThread).containsOnlyKeys(Thread.currentThread());
        assertThat(byThread.get(Thread.currentThread())).hasSize(1);
    }

    @Test
    void noExamplesIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> PropertyCheck.of("none", NUMBERS, s -> new Outcome(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("property 'none' needs at least 1 example, got 0");
    }

    private void check(IntPredicate fails) {
        PropertyCheck.of("numbers", NUMBERS, s -> {
            List<Integer> lane = laneOfThisThread();
            if (lane.isEmpty()) {
                lanesIn.countDown();
                metAnotherLane.put(Thread.currentThread(), awaitOtherLanes());
            }
            lane.add(s.value());
            Outcome outcome = new Outcome();
            outcome.check(!fails.test(s.value()), s.value() + " is odd");
            return outcome;
        }, EXAMPLES).check();
    }

    /** The scenarios the calling lane thread ran so far, in order. */
    private List<Integer> laneOfThisThread() {
        return byThread.computeIfAbsent(Thread.currentThread(), t -> Collections.synchronizedList(new ArrayList<>()));
    }

    private boolean awaitOtherLanes() {
        try {
            return lanesIn.await(MEETING_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<Thread> laneThreads() {
        return byThread.keySet().stream().filter(t -> t != Thread.currentThread()).toList();
    }

    private Map<String, List<Integer>> byLane() {
        Map<String, List<Integer>> lanes = new ConcurrentHashMap<>();
        byThread.forEach((t, seen) -> lanes.put(t == Thread.currentThread() ? "calling thread" : t.getName(),
                List.copyOf(seen)));
        return lanes;
    }
}
