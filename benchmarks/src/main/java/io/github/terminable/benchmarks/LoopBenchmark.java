package io.github.terminable.benchmarks;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Row 3 of the benchmark table: a background loop's submit-to-complete throughput and latency.
 *
 * <p>The baseline ({@code impl=jdk}) is {@link Executors#newSingleThreadExecutor()}; the terminable
 * variants are a {@link BackgroundLoop} of an independent coordinator, used through the same
 * {@link ExecutorService} interface. Two shapes of work:
 * <ul>
 *   <li>{@link #roundTrip()}: submit one task and wait for its future: the latency a caller of
 *       {@code BackgroundLoop.call} sees. Measured as throughput and as sampled latency
 *       (percentiles).</li>
 *   <li>{@link #burst()}: submit {@value #BURST} tasks, then wait for the last (the loop runs
 *       them in order, rule 5.1): the loop's sustained queue throughput, reported per task.</li>
 * </ul>
 *
 * <p>Target: {@link Targets#ROW3}, for the round trip and the burst.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopBenchmark {

    /** Tasks per {@link #burst()} invocation. */
    public static final int BURST = 1000;

    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);

    /** The task: as small as a task can be, so the loop's own cost is what is measured. */
    private static final Callable<Integer> TASK = () -> 1;

    /** {@code jdk} (baseline), {@code reference} or {@code executor}. */
    @Param({Implementations.JDK, Implementations.REFERENCE, Implementations.EXECUTOR})
    public String impl;

    private ExecutorService loop;
    private TerminationCoordinator coordinator;

    /** Starts the loop or the baseline executor. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Implementations.isBaseline(impl)) {
            loop = Executors.newSingleThreadExecutor();
        } else {
            coordinator = Implementations.newCoordinator(impl, "bench-loop");
            loop = coordinator.loopBuilder().name("bench-loop").start();
        }
    }

    /**
     * Submits one task and waits for its result.
     *
     * @return the task's result
     * @throws ExecutionException never: the task does not throw
     * @throws InterruptedException if JMH interrupts the benchmark
     */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Integer roundTrip() throws ExecutionException, InterruptedException {
        return loop.submit(TASK).get();
    }

    /**
     * Submits {@value #BURST} tasks and waits for the last.
     *
     * @return the last task's result
     * @throws ExecutionException never: the task does not throw
     * @throws InterruptedException if JMH interrupts the benchmark
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(BURST)
    public Integer burst() throws ExecutionException, InterruptedException {
        Future<Integer> last = null;
        for (int i = 0; i < BURST; i++) {
            last = loop.submit(TASK);
        }
        return last.get();
    }

    /**
     * Stops the loop and checks that it ended.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (coordinator == null) {
            loop.shutdownNow();
            if (!loop.awaitTermination(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the baseline executor did not terminate");
            }
            return;
        }
        ((BackgroundLoop) loop).close();
        ShutdownReport report = coordinator.shutdown().await(CLOSE_DEADLINE);
        if (!loop.isTerminated() || !report.completed()) {
            throw new IllegalStateException(impl + ": the loop did not end; " + report.describe());
        }
    }
}
