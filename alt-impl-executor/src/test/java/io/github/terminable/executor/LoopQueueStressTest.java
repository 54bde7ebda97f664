package io.github.terminable.executor;

import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * White-box stress of {@link LoopQueue}: producers offer while the consumer runs, while the
 * queue is closed (graceful end) and while it is stopped (termination and shutdownNow). The
 * invariants: every accepted task is run exactly once or taken exactly once, never both; a
 * rejected task is never run; each producer's tasks run in its offer order; a taken future is
 * cancelled when asked; no wake-up is lost (every wait is bounded and fails the test).
 */
class LoopQueueStressTest {

    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 20_000;

    /** The queue and the thread that consumes it, as {@link ExecutorLoop} runs them. */
    private static final class Consumer {
        final LoopQueue queue;
        final Thread thread;
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        Consumer() {
            AtomicReference<LoopQueue> ref = new AtomicReference<>();
            thread = new Thread(() -> {
                try {
                    ref.get().runTasks();
                } finally {
                    ref.get().exit();
                }
            }, "loop-queue-consumer");
            thread.setUncaughtExceptionHandler((t, e) -> errors.add(e));
            queue = new LoopQueue(thread);
            ref.set(queue);
            thread.start();
        }

        void awaitExit() throws InterruptedException {
            thread.join(TckTime.awaitWindow().toMillis());
            assertThat(thread.isAlive()).as("the consumer left its loop").isFalse();
            assertThat(errors).isEmpty();
        }
    }

    /** A task that records that it ran (on the consumer thread), and how often. */
    private static final class Recorded implements Runnable {
        final int producer;
        final int seq;
        final List<Recorded> log;
        final Set<Thread> ranOn;
        volatile int runs;

        Recorded(int producer, int seq, List<Recorded> log, Set<Thread> ranOn) {
            this.producer = producer;
            this.seq = seq;
            this.log = log;
            this.ranOn = ranOn;
        }

        @Override
        public void run() {
            runs++; // only ever one thread runs tasks; a second run shows up as runs == 2
            ranOn.add(Thread.currentThread());
            log.add(this);
        }
    }

    /** The outcome of a run: what producers had accepted and what was rejected. */
    private static final class Offers {
        final List<List<Recorded>> accepted = new ArrayList<>();
        final List<Recorded> rejected = new CopyOnWriteArrayList<>();
    }

    /** Starts the producers; each offers its tasks in order until one is rejected. */
    private static List<Thread> produce(LoopQueue queue, CyclicBarrier go, Offers offers, List<Recorded> log,
                                        Set<Thread> ranOn, List<Throwable> errors) {
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            List<Recorded> mine = Collections.synchronizedList(new ArrayList<>());
            offers.accepted.add(mine);
            int producer = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        Recorded task = new Recorded(producer, i, log, ranOn);
                        if (!queue.offer(task)) {
                            offers.rejected.add(task);
                            return;
                        }
                        mine.add(task);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "producer-" + p);
            t.start();
            producers.add(t);
        }
        return producers;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TckTime.awaitWindow().toMillis());
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
    }

    /** Every accepted task ran once or was taken once; rejected ones never ran; FIFO per producer. */
    private static void check(Offers offers, List<Recorded> log, List<Runnable> taken, Consumer consumer,
                              Set<Thread> ranOn) {
        Set<Runnable> takenSet = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        takenSet.addAll(taken);
        assertThat(takenSet).as("no task is taken twice").hasSize(taken.size());
        int[] lastSeq = new int[PRODUCERS];
        java.util.Arrays.fill(lastSeq, -1);
        for (Recorded r : log) {
            if (r.runs != 1 || takenSet.contains(r) || r.seq <= lastSeq[r.producer]) {
                throw new AssertionError("task " + r.producer + "/" + r.seq + " ran " + r.runs + " times, taken: "
                        + takenSet.contains(r) + ", previous of its producer: " + lastSeq[r.producer]
                        + " (each task runs at most once, never also handed back, in its producer's order)");
            }
            lastSeq[r.producer] = r.seq;
        }
        for (List<Recorded> mine : offers.accepted) {
            for (Recorded r : mine) {
                if (r.runs != 1 && !takenSet.contains(r)) {
                    throw new AssertionError("accepted task " + r.producer + "/" + r.seq + " neither ran nor was taken");
                }
            }
        }
        for (Recorded r : offers.rejected) {
            assertThat(r.runs).as("a rejected task never runs").isZero();
        }
        assertThat(ranOn).as("tasks run on the consumer only").isSubsetOf(Set.of(consumer.thread));
    }

    /**
     * Producers offering to a running consumer's queue while the test ends the queue: the test
     * calls {@link #start()}, closes or stops the queue, then {@link #finish} checks the
     * invariants with the tasks it took back.
     */
    private static final class ProducerRace {
        final Consumer consumer = new Consumer();
        final List<Recorded> log = Collections.synchronizedList(new ArrayList<>());
        final Offers offers = new Offers();
        private final Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        private final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private final CyclicBarrier go = new CyclicBarrier(PRODUCERS + 1);
        private final List<Thread> producers = produce(consumer.queue, go, offers, log, ranOn, errors);

        /** Lets the producers go, and gives them a moment to get ahead of the test. */
        void start() throws Exception {
            go.await();
            Thread.yield();
        }

        /** Waits for the producers and the consumer to end, then checks every invariant. */
        void finish(List<Runnable> taken) throws InterruptedException {
            join(producers);
            consumer.awaitExit();
            assertThat(errors).isEmpty();
            check(offers, log, taken, consumer, ranOn);
        }
    }

    @Test
    void producersAndAnIdlingConsumerLoseNoWakeUp() throws Exception {
        Consumer consumer = new Consumer();
        // One task at a time, each awaited: the consumer goes idle before every offer, the path
        // where a lost wake-up would hang. The first hand-offs race the consumer's yields and
        // its park; the later ones first wait until it has parked, so every one needs a wake-up.
        for (int i = 0; i < 12_000; i++) {
            if (i >= 10_000) {
                long until = System.nanoTime() + TckTime.awaitWindow().toNanos();
                while (consumer.thread.getState() != Thread.State.WAITING) {
                    assertThat(System.nanoTime() - until).as("the idle consumer parks").isNegative();
                    Thread.onSpinWait();
                }
            }
            FutureTask<Integer> task = new FutureTask<>(() -> 1);
            assertThat(consumer.queue.offer(task)).isTrue();
            assertThat(task.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
        }
        consumer.queue.close();
        consumer.awaitExit();
    }

    @RepeatedTest(5)
    void everyTaskAcceptedBeforeAGracefulCloseRuns() throws Exception {
        ProducerRace race = new ProducerRace();
        LoopQueue queue = race.consumer.queue;
        race.start();
        queue.close();
        assertThat(queue.isClosed()).isTrue();
        race.finish(List.of());
        int accepted = race.offers.accepted.stream().mapToInt(List::size).sum();
        assertThat(race.log).as("a graceful close runs every accepted task").hasSize(accepted);
        assertThat(queue.offer(() -> { })).as("a closed queue rejects").isFalse();
    }

    @RepeatedTest(5)
    void aStopTakesEveryQueuedTaskThatHasNotRun() throws Exception {
        ProducerRace race = new ProducerRace();
        LoopQueue queue = race.consumer.queue;
        race.start();
        List<Runnable> taken = new ArrayList<>(queue.stop(false));
        taken.addAll(queue.stop(false)); // idempotent: a second stop finds nothing new
        race.finish(taken);
        assertThat(queue.stop(false)).as("after the consumer left, nothing is left to take").isEmpty();
    }

    @RepeatedTest(5)
    void aCancellingStopLeavesNoFuturePending() throws Exception {
        Consumer consumer = new Consumer();
        List<FutureTask<Integer>> accepted = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier go = new CyclicBarrier(PRODUCERS + 1);
        List<Thread> producers = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        FutureTask<Integer> f = new FutureTask<>(() -> 1);
                        if (!consumer.queue.offer(f)) {
                            return;
                        }
                        accepted.add(f);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            producers.add(t);
        }
        go.await();
        Thread.yield();
        List<Runnable> taken = consumer.queue.stop(true);
        join(producers);
        consumer.awaitExit();
        assertThat(errors).isEmpty();
        for (Runnable r : taken) {
            assertThat(((Future<?>) r).isCancelled()).as("a taken future is cancelled").isTrue();
        }
        Set<Future<?>> pending = new HashSet<>();
        for (FutureTask<Integer> f : accepted) {
            if (!f.isDone()) {
                pending.add(f);
            }
        }
        assertThat(pending).as("no accepted future is pending once the consumer has left").isEmpty();
    }

    @Test
    void aStopInterruptsTheRunningTaskAndNotTheCleanupsAfterExit() throws Exception {
        Consumer consumer = new Consumer();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        consumer.queue.offer(() -> {
            running.countDown();
            try {
                SimulatedWork.takes(Duration.ofMinutes(5));
                interrupted.set(false);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        FutureTask<Integer> queued = new FutureTask<>(() -> 1);
        consumer.queue.offer(queued);
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        List<Runnable> taken = consumer.queue.stop(true);
        consumer.awaitExit();
        assertThat(interrupted.get()).as("the running task was interrupted").isTrue();
        assertThat(taken).containsExactly(queued);
        assertThat(queued.isCancelled()).isTrue();
        // After exit(), a stop no longer interrupts the (former) consumer thread.
        assertThat(consumer.queue.stop(true)).isEmpty();
        assertThat(consumer.thread.isInterrupted()).isFalse();
    }
}
