package io.github.terminable.benchmarks;

import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;

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

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Row 1 of the benchmark table: create, start and join one thread whose body returns at once.
 *
 * <p>{@code impl=jdk} is the baseline: {@code new Thread(body)} (or
 * {@code Thread.ofVirtual().factory().newThread(body)}), {@code start()}, {@code join()}. The
 * terminable variants do what a library would: {@code coordinator.threadBuilder().start(body)}
 * (plus {@code .virtual(true)}), then {@link TerminableThread#join(Duration)}. Every operation
 * therefore includes the registration and the deregistration of the thread with an independent
 * coordinator.
 *
 * <p>Targets: at most 1.10x the baseline on platform threads, at most 1.5x on virtual threads
 * ({@code kind=virtual} needs Java 21+; on Java 17 run with {@code -p kind=platform}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreadLifecycleBenchmark {

    /** How long one join may take before the benchmark fails instead of hanging. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    /** The body every thread runs: nothing, so the thread's own life cycle is what is measured. */
    private static final Runnable BODY = () -> { };

    /** {@code jdk} (baseline), {@code reference} or {@code executor}. */
    @Param({Implementations.JDK, Implementations.REFERENCE, Implementations.EXECUTOR})
    public String impl;

    /** {@code platform} or {@code virtual} (Java 21+). */
    @Param({"platform", "virtual"})
    public String kind;

    private LifeCycle lifeCycle;
    private TerminationCoordinator coordinator;

    /** One create-start-join, done the way of one implementation. */
    private interface LifeCycle {
        Object run() throws InterruptedException;
    }

    /**
     * Picks the life cycle for the parameters.
     *
     * @throws UnsupportedOperationException for {@code kind=virtual} before Java 21
     */
    @Setup(Level.Trial)
    public void setUp() {
        boolean virtual = parseKind(kind);
        if (Implementations.isBaseline(impl)) {
            if (virtual) {
                ThreadFactory factory = VirtualThreadFactory.create();
                lifeCycle = () -> {
                    Thread t = factory.newThread(BODY);
                    t.start();
                    t.join();
                    return t;
                };
            } else {
                lifeCycle = () -> {
                    Thread t = new Thread(BODY);
                    t.start();
                    t.join();
                    return t;
                };
            }
            return;
        }
        coordinator = Implementations.newCoordinator(impl, "bench-lifecycle");
        TerminationCoordinator c = coordinator;
        if (virtual) {
            c.threadBuilder().virtual(true); // before Java 21: UnsupportedOperationException (rule 6.2)
            lifeCycle = () -> join(c.threadBuilder().virtual(true).start(BODY));
        } else {
            lifeCycle = () -> join(c.threadBuilder().start(BODY));
        }
    }

    private static TerminableThread join(TerminableThread t) throws InterruptedException {
        if (!t.join(JOIN_TIMEOUT)) {
            throw new IllegalStateException("terminable thread " + t + " did not end within " + JOIN_TIMEOUT);
        }
        return t;
    }

    static boolean parseKind(String kind) {
        switch (kind) {
            case "platform":
                return false;
            case "virtual":
                return true;
            default:
                throw new IllegalArgumentException("kind must be 'platform' or 'virtual', got '" + kind + "'");
        }
    }

    /**
     * Creates, starts and joins one thread.
     *
     * @return the thread, so the JIT cannot drop the work
     * @throws InterruptedException never, unless JMH interrupts the benchmark
     */
    @Benchmark
    public Object createStartJoin() throws InterruptedException {
        return lifeCycle.run();
    }

    /**
     * Checks that every terminable thread was forgotten once joined (rule 2.2), then shuts the
     * coordinator down.
     *
     * @throws InterruptedException if interrupted while awaiting the shutdown
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (coordinator == null) {
            return;
        }
        int live = coordinator.liveThreads().size();
        ShutdownReport report = coordinator.shutdown().await(JOIN_TIMEOUT);
        if (live != 0 || !report.completed()) {
            throw new IllegalStateException(impl + ": " + live + " joined threads still registered; " + report.describe());
        }
    }
}
