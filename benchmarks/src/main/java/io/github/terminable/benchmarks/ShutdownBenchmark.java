package io.github.terminable.benchmarks;

import io.github.terminable.ShutdownReport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Row 2 of the benchmark table: shut down N live threads, from the trigger until every thread
 * has ended, in each of the spec's two orders, each against the plain-JDK loop that does the same.
 *
 * <p>Before each measured invocation (not timed) N platform threads are started and each has
 * entered its blocking call, {@code Thread.sleep}, which ends on interrupt. The terminable
 * variants start the same threads through an independent coordinator with the default callback
 * ({@code Thread.interrupt()}, rule 1.7), and the measured operation is
 * {@code coordinator.shutdown().await(deadline)}, until the completion handle reports that every
 * thread has ended (rule 3.7). The {@link #order} parameter picks the order, and {@code impl=jdk}
 * is the baseline that matches it (see {@link SleepingThreads}):
 * <ul>
 *   <li>{@code completion} (the spec's default): one turn per thread, newest first, each ending
 *       when its thread has ended (rules 3.2, 3.3); baseline: interrupt the newest thread, join
 *       it, then the next, one at a time;</li>
 *   <li>{@code request}: threads built with {@code awaitedInTurn(false)}, whose turns end when
 *       the callback returned (rule 3.11); baseline: interrupt every thread, then join every
 *       thread.</li>
 * </ul>
 * One invocation of the benchmark runs both orders and both baselines, so every ratio pairs an
 * implementation with its order's baseline from the same run ({@code RatioReport}).
 *
 * <p>Single-shot: one invocation is one whole shutdown. The forked JVM gets {@code -Xss256k} so
 * that 10k platform threads fit comfortably. Targets: at most 1.15x the baseline of the same
 * order, in both orders, and linear growth (the 10k/1k time ratio at most 12).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = "-Xss256k")
public class ShutdownBenchmark {

    /** {@code jdk} (baseline), {@code reference} or {@code executor}. */
    @Param({Implementations.JDK, Implementations.REFERENCE, Implementations.EXECUTOR})
    public String impl;

    /**
     * {@code completion} (the default order, rule 3.2) or {@code request} (threads opted out with
     * {@code awaitedInTurn(false)}, rule 3.11); for {@code impl=jdk}, the baseline of that order.
     */
    @Param({SleepingThreads.COMPLETION, SleepingThreads.REQUEST})
    public String order;

    /** How many live threads are shut down. */
    @Param({"100", "1000", "10000"})
    public int threads;

    private SleepingThreads live;
    private int round;

    /** Validates the parameters once. */
    @Setup(Level.Trial)
    public void checkParameters() {
        Implementations.isBaseline(impl);
        SleepingThreads.isCompletion(order);
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
    }

    /**
     * Starts {@link #threads} threads and waits until each is blocked in its sleep (not timed).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Setup(Level.Invocation)
    public void startThreads() throws InterruptedException {
        live = SleepingThreads.start(impl, order, threads, "bench-shutdown-" + (++round));
    }

    /**
     * Shuts every thread down and waits until each has ended.
     *
     * @return the shutdown report, or {@code null} for the baseline
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    public ShutdownReport shutdownAll() throws InterruptedException {
        return live.shutDown();
    }

    /** Checks that every thread has ended and been forgotten (not timed). */
    @TearDown(Level.Invocation)
    public void checkAllEnded() {
        live.checkAllEnded();
        live = null;
    }
}
