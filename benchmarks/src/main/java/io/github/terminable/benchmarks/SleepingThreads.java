package io.github.terminable.benchmarks;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The workload of row 2 (shutdown of N live threads), shared by {@link ShutdownBenchmark} and
 * {@code profile.ShutdownProfile} so that the profile records exactly what the benchmark times.
 *
 * <p>{@link #start} starts N platform threads that each block in {@code Thread.sleep} (which ends
 * on interrupt) and returns once every one of them is blocked. {@link #shutDown()} is the measured
 * window: for the baseline ({@code jdk}), interrupt every thread in a plain loop, then join every
 * thread; for a terminable implementation, {@code coordinator.shutdown().await(deadline)} on the
 * independent coordinator that started them with the default callback ({@code Thread.interrupt()},
 * rule 1.7), whose callbacks run one at a time in reverse registration order (rules 3.2, 3.3).
 *
 * <p><b>Thread-safety.</b> One instance is used by one benchmark thread.
 */
public final class SleepingThreads {

    /** Bound on starting the threads and on one whole shutdown; a longer one fails instead of hanging. */
    public static final Duration DEADLINE = Duration.ofMinutes(2);

    private final String impl;
    private final List<Thread> plain;
    private final TerminationCoordinator coordinator;

    private SleepingThreads(String impl, List<Thread> plain, TerminationCoordinator coordinator) {
        this.impl = impl;
        this.plain = plain;
        this.coordinator = coordinator;
    }

    /**
     * Starts the threads and waits until each is blocked in its sleep.
     *
     * @param impl {@code jdk}, {@code reference} or {@code executor}
     * @param threads how many
     * @param name prefix of the threads' names, and the coordinator's name
     * @return the started threads
     * @throws IllegalArgumentException if {@code threads} is not positive or {@code impl} is unknown
     * @throws IllegalStateException if not every thread blocked within {@link #DEADLINE}
     * @throws InterruptedException if interrupted while waiting
     */
    public static SleepingThreads start(String impl, int threads, String name) throws InterruptedException {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        boolean baseline = Implementations.isBaseline(impl);
        CountDownLatch blocked = new CountDownLatch(threads);
        Runnable body = () -> {
            blocked.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException expected) {
                // the termination request: end
            }
        };
        List<Thread> plain = new ArrayList<>(baseline ? threads : 0);
        TerminationCoordinator coordinator = null;
        if (baseline) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(body, name + "-" + i);
                t.start();
                plain.add(t);
            }
        } else {
            coordinator = Implementations.newCoordinator(impl, name);
            for (int i = 0; i < threads; i++) {
                coordinator.threadBuilder().start(body);
            }
        }
        if (!blocked.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + (threads - blocked.getCount()) + " of " + threads
                    + " threads started within " + DEADLINE);
        }
        return new SleepingThreads(impl, plain, coordinator);
    }

    /**
     * The measured window: shuts every thread down and waits until each has ended.
     *
     * @return the shutdown report, or {@code null} for the baseline
     * @throws IllegalStateException if the shutdown did not complete within {@link #DEADLINE}
     * @throws InterruptedException if interrupted while waiting
     */
    public ShutdownReport shutDown() throws InterruptedException {
        if (coordinator == null) {
            for (Thread t : plain) {
                t.interrupt();
            }
            for (Thread t : plain) {
                t.join();
            }
            return null;
        }
        ShutdownReport report = coordinator.shutdown().await(DEADLINE);
        if (!report.completed()) {
            throw new IllegalStateException(report.describe());
        }
        return report;
    }

    /**
     * Checks, after {@link #shutDown()}, that every thread has ended and been forgotten.
     *
     * @throws IllegalStateException naming what is left
     */
    public void checkAllEnded() {
        if (coordinator == null) {
            for (Thread t : plain) {
                if (t.isAlive()) {
                    throw new IllegalStateException("baseline thread " + t.getName() + " still alive after join");
                }
            }
            return;
        }
        if (coordinator.phase() != CoordinatorPhase.TERMINATED || !coordinator.liveThreads().isEmpty()) {
            throw new IllegalStateException(impl + ": completed shutdown left phase " + coordinator.phase() + " and "
                    + coordinator.liveThreads().size() + " live threads");
        }
    }
}
