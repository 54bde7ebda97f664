package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.tck.harness.StdErrCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded, sequential job runner behind every callback (rules 1.8, 3.3 and 3.4). */
class TerminatorTest {

    private static TerminatorJob job(String name, List<String> log, Runnable body) {
        return TerminatorJob.of(name, () -> {
            log.add("start " + name);
            body.run();
            log.add("end " + name);
        }, null);
    }

    @Test
    void runsJobsInOrderOneAtATimeOnDaemonThreadsAndGoesIdle() {
        Terminator terminator = new Terminator("unit", TckTime.seconds(10));
        assertThat(terminator.isIdle()).isTrue();
        List<String> log = new CopyOnWriteArrayList<>();
        Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            terminator.submit(job("j" + i, log, () -> threads.add(Thread.currentThread())));
        }
        Waits.upTo(10).until(() -> log.size() == 10);
        assertThat(log).containsExactly("start j0", "end j0", "start j1", "end j1", "start j2", "end j2",
                "start j3", "end j3", "start j4", "end j4");
        assertThat(threads).allSatisfy(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).startsWith("unit-");
            assertThat(t).isNotSameAs(Thread.currentThread());
        });
        Waits.upTo(10).until(terminator::isIdle);
    }

    @Test
    void anOverrunningJobIsAbandonedAndTheNextRunsOnAFreshWorker() throws Exception {
        Duration bound = TckTime.millis(150);
        Terminator terminator = new Terminator("unit", bound);
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch unblock = new CountDownLatch(1);
        List<Thread> workers = new CopyOnWriteArrayList<>();
        terminator.submit(new TerminatorJob() {
            @Override
            void run() {
                workers.add(Thread.currentThread());
                log.add("blocking");
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    log.add("interrupted");
                }
                log.add("blocking returned");
            }

            @Override
            TerminatorJob overran(Duration b) {
                return TerminatorJob.of("report", () -> log.add("overran after " + b), null);
            }
        });
        terminator.submit(job("next", log, () -> workers.add(Thread.currentThread())));
        Waits.upTo(10).until(() -> log.contains("end next"));
        assertThat(log).containsExactly("blocking", "overran after " + bound, "start next", "end next");
        assertThat(workers.get(1)).isNotSameAs(workers.get(0));
        assertThat(workers.get(0).isAlive()).as("the abandoned worker keeps running its job").isTrue();
        unblock.countDown();
        workers.get(0).join(TckTime.seconds(10).toMillis());
        assertThat(log).as("not interrupted, and its return changes nothing").endsWith("blocking returned");
        Waits.upTo(10).until(terminator::isIdle);
    }

    @Test
    void aJobThatThrowsDoesNotStopTheQueue() {
        Terminator terminator = new Terminator("unit", TckTime.seconds(10));
        List<String> log = new CopyOnWriteArrayList<>();
        String err;
        try {
            err = StdErrCapture.during(() -> {
                terminator.submit(TerminatorJob.of("thrower", () -> {
                    throw new IllegalStateException("job failed");
                }, null));
                terminator.submit(job("after", log, () -> { }));
                Waits.upTo(10).until(() -> log.contains("end after"));
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(err).contains("TERMINABLE-INTERNAL-ERROR").contains("job failed");
    }

    /** A job in a wait it bounds itself gets one more bound, and reports itself, on the same worker. */
    @Test
    void aSelfTimedJobIsGivenOneMoreBoundBeforeBeingAbandoned() throws Exception {
        Duration bound = TckTime.millis(100);
        Terminator terminator = new Terminator("unit", bound);
        List<String> log = new CopyOnWriteArrayList<>();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        terminator.submit(new TerminatorJob() {
            @Override
            void run() {
                workers.add(Thread.currentThread());
                try { // waits past its own deadline, as a starved worker would, but less than two bounds
                    never.await(deadlineNanos - System.nanoTime() + bound.toNanos() / 2, java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    log.add("interrupted");
                }
                log.add("self-reported");
            }

            @Override
            boolean extendOnce() {
                log.add("extended");
                return true;
            }

            @Override
            TerminatorJob overran(Duration b) {
                log.add("abandoned");
                return null;
            }
        });
        terminator.submit(job("next", log, () -> workers.add(Thread.currentThread())));
        Waits.upTo(10).until(() -> log.contains("end next"));
        assertThat(log).containsExactly("extended", "self-reported", "start next", "end next");
        assertThat(workers.get(1)).as("no new worker was needed").isSameAs(workers.get(0));

        List<String> log2 = new CopyOnWriteArrayList<>();
        terminator.submit(new TerminatorJob() {
            @Override
            void run() {
                log2.add("stuck");
                try {
                    never.await();
                } catch (InterruptedException e) {
                    log2.add("interrupted");
                }
            }

            @Override
            boolean extendOnce() {
                log2.add("extended");
                return true; // asks every time; the terminator grants it once
            }

            @Override
            TerminatorJob overran(Duration b) {
                log2.add("abandoned");
                return null;
            }
        });
        terminator.submit(job("after", log2, () -> { }));
        Waits.upTo(10).until(() -> log2.contains("end after"));
        assertThat(log2).startsWith("stuck", "extended").contains("abandoned");
        never.countDown();
    }
}
