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
 * window, from the trigger until every thread has ended. It depends on the implementation and on
 * the order of the shutdown:
 *
 * <table>
 *   <caption>The measured window</caption>
 *   <tr><th>order</th><th>terminable implementation</th><th>plain-JDK baseline ({@code jdk})</th></tr>
 *   <tr><td>{@value #COMPLETION}</td>
 *       <td>threads built with the default {@code awaitedInTurn(true)}; one turn per thread, newest
 *           first, each ending when its thread has ended (rules 3.2, 3.3)</td>
 *       <td>newest first, one at a time: interrupt t[n-1], join it, interrupt t[n-2], join it, ...</td></tr>
 *   <tr><td>{@value #REQUEST}</td>
 *       <td>threads built with {@code awaitedInTurn(false)}; turns end when the callback returned,
 *           completion still waits for every thread (rules 3.11, 3.7)</td>
 *       <td>interrupt every thread in a plain loop, then join every thread</td></tr>
 * </table>
 *
 * <p>A terminable implementation shuts down with {@code coordinator.shutdown().await(deadline)} on
 * the independent coordinator that started the threads, with the default callback
 * ({@code Thread.interrupt()}, rule 1.7).
 *
 * <p><b>Thread-safety.</b> One instance is used by one benchmark thread.
 */
public final class SleepingThreads {

    /** Completion order, the spec's default: each turn waits for its thread to end (rule 3.2). */
    public static final String COMPLETION = "completion";
    /** Request order: the threads opted out with {@code awaitedInTurn(false)} (rule 3.11). */
    public static final String REQUEST = "request";
    /** Both orders, in the order reports list them. */
    public static final List<String> ORDERS = List.of(COMPLETION, REQUEST);

    /** Bound on starting the threads and on one whole shutdown; a longer one fails instead of hanging. */
    public static final Duration DEADLINE = Duration.ofMinutes(2);

    private final String impl;
    private final boolean completion;
    private final List<Thread> plain;
    private final TerminationCoordinator coordinator;

    private SleepingThreads(String impl, boolean completion, List<Thread> plain, TerminationCoordinator coordinator) {
        this.impl = impl;
        this.completion = completion;
        this.plain = plain;
        this.coordinator = coordinator;
    }

    /**
     * Returns whether {@code order} is completion order.
     *
     * @param order {@value #COMPLETION} or {@value #REQUEST}
     * @return whether it is {@value #COMPLETION}
     * @throws IllegalArgumentException if {@code order} is neither
     */
    public static boolean isCompletion(String order) {
        if (!ORDERS.contains(order)) {
            throw new IllegalArgumentException("order must be one of " + ORDERS + ", got '" + order + "'");
        }
        return COMPLETION.equals(order);
    }

    /**
     * Starts the threads and waits until each is blocked in its sleep.
     *
     * @param impl {@code jdk}, {@code reference} or {@code executor}
     * @param order {@value #COMPLETION} or {@value #REQUEST}
     * @param threads how many
     * @param name prefix of the threads' names, and the coordinator's name
     * @return the started threads
     * @throws IllegalArgumentException if {@code threads} is not positive, or {@code impl} or
     *     {@code order} is unknown
     * @throws IllegalStateException if not every thread blocked within {@link #DEADLINE}
     * @throws InterruptedException if interrupted while waiting
     */
    public static SleepingThreads start(String impl, String order, int threads, String name) throws InterruptedException {
        return start(impl, order, threads, name, null);
    }

    /**
     * Starts the threads, each recording its wake-up and its end in {@code timeline}, and waits until
     * each is blocked in its sleep. The measuring thread calls {@link ShutdownTimeline#triggered()}
     * and {@link ShutdownTimeline#windowEnded()} around {@link #shutDown()}.
     *
     * @param impl {@code jdk}, {@code reference} or {@code executor}
     * @param order {@value #COMPLETION} or {@value #REQUEST}
     * @param threads how many
     * @param name prefix of the threads' names, and the coordinator's name
     * @param timeline where the threads record their timeline, or {@code null} for none (the
     *     benchmark)
     * @return the started threads
     * @throws IllegalArgumentException if {@code threads} is not positive, or {@code impl} or
     *     {@code order} is unknown
     * @throws IllegalStateException if not every thread blocked within {@link #DEADLINE}
     * @throws InterruptedException if interrupted while waiting
     */
    public static SleepingThreads start(String impl, String order, int threads, String name, ShutdownTimeline timeline)
            throws InterruptedException {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        boolean baseline = Implementations.isBaseline(impl);
        boolean completion = isCompletion(order);
        CountDownLatch blocked = new CountDownLatch(threads);
        List<Thread> plain = new ArrayList<>(baseline ? threads : 0);
        TerminationCoordinator coordinator = null;
        if (baseline) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(body(blocked, timeline, i), name + "-" + i);
                t.start();
                plain.add(t);
            }
        } else {
            coordinator = Implementations.newCoordinator(impl, name);
            for (int i = 0; i < threads; i++) {
                coordinator.threadBuilder().awaitedInTurn(completion).start(body(blocked, timeline, i));
            }
        }
        if (!blocked.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + (threads - blocked.getCount()) + " of " + threads
                    + " threads started within " + DEADLINE);
        }
        return new SleepingThreads(impl, completion, plain, coordinator);
    }

    private static Runnable body(CountDownLatch blocked, ShutdownTimeline timeline, int index) {
        if (timeline == null) {
            return () -> {
                blocked.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException expected) {
                    // the termination request: end
                }
            };
        }
        return () -> {
            blocked.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException expected) {
                timeline.woke(index);
            } finally {
                timeline.ended(index);
            }
        };
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
            if (completion) {
                for (int i = plain.size() - 1; i >= 0; i--) {
                    Thread t = plain.get(i);
                    t.interrupt();
                    t.join();
                }
            } else {
                for (Thread t : plain) {
                    t.interrupt();
                }
                for (Thread t : plain) {
                    t.join();
                }
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
