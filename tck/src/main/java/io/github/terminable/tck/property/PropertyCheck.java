package io.github.terminable.tck.property;

import static org.quicktheories.QuickTheory.qt;

import io.github.terminable.tck.harness.TckKnobs;
import io.github.terminable.tck.harness.TckTime;

import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a property over generated scenarios with QuickTheories 0.26, and turns a failure into a
 * report a person can act on.
 *
 * <p>Generation, seeding and a first round of shrinking are QuickTheories'. Its shrinking of
 * lists inside {@code flatMap}-built scenarios is weak, and a concurrent scenario does not fail
 * on every run, so on top of it this class:
 * <ol>
 *   <li>keeps every failing scenario QuickTheories tried and starts from the smallest;</li>
 *   <li>minimizes it with the scenario's own {@link Scenario#simpler()} variants (drop a
 *       thread, drop a caller, make a callback fast, ...), re-running each variant up to
 *       {@value #REPRODUCE_ATTEMPTS} times because interleavings vary, within a budget;</li>
 *   <li>prints the seed, the replay property, and both the generated and the minimized
 *       scenario as numbered steps with the violated invariants.</li>
 * </ol>
 * The scenarios run in {@value #LANES} lanes at the same time, each a QuickTheories run of its
 * share of the examples with a seed drawn from the property's. The seed replays the same
 * sequences of generated scenarios ({@value TckKnobs#SEED_PROPERTY}); the thread interleavings,
 * and which lane's scenario comes first, are the machine's.
 *
 * @param <S> the scenario type
 */
public final class PropertyCheck<S extends Scenario> {

    /**
     * How many lanes of scenarios run at the same time. A scenario spends most of its time
     * waiting (for its bound, for bodies and cleanups that work a while), so two lanes take about
     * half the time of one; each lane is a QuickTheories run of its own share of the examples.
     */
    static final int LANES = 2;
    /** QuickTheories shrink cycles: each one re-runs a scenario, so keep it modest. */
    static final int SHRINK_CYCLES = 20;
    /** How often a simpler variant is re-run before it counts as passing. */
    static final int REPRODUCE_ATTEMPTS = 3;
    /** At most this many scenario runs are spent on minimization. */
    static final int MINIMIZE_RUNS = 60;
    /** And at most this long, at time factor 1. */
    static final Duration MINIMIZE_TIME = Duration.ofSeconds(20);

    private final String name;
    private final Gen<S> generator;
    private final Function<S, Outcome> runner;
    private final int examples;

    private PropertyCheck(String name, Gen<S> generator, Function<S, Outcome> runner, int examples) {
        this.name = name;
        this.generator = generator;
        this.runner = runner;
        this.examples = examples;
    }

    /**
     * Describes a property.
     *
     * @param <S> the scenario type
     * @param name the property's name, for the report
     * @param generator generates scenarios
     * @param runner runs one scenario and checks the invariants
     * @param examples how many scenarios to generate, at least 1
     * @return the property
     * @throws IllegalArgumentException if {@code examples} is less than 1
     */
    public static <S extends Scenario> PropertyCheck<S> of(String name, Gen<S> generator, Function<S, Outcome> runner,
                                                           int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("property '" + name + "' needs at least 1 example, got " + examples);
        }
        return new PropertyCheck<>(name, generator, runner, examples);
    }

    private record Failure<S>(S scenario, Outcome outcome) {
    }

    /**
     * Runs the property: {@code examples} scenarios, split between {@value #LANES} lanes that run
     * at the same time, then, if any failed, the minimization (alone).
     *
     * @throws AssertionError with the full report if any scenario violated an invariant
     */
    public void check() {
        long seed = TckKnobs.seed().orElseGet(() -> new SplittableRandom().nextLong());
        List<Failure<S>> failures = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> laneErrors = runLanes(seed, failures);
        if (failures.isEmpty()) {
            if (!laneErrors.isEmpty()) {
                rethrow(laneErrors);
            }
            return;
        }
        Failure<S> first = failures.get(0);
        Failure<S> smallest = first;
        synchronized (failures) {
            for (Failure<S> f : failures) {
                if (f.scenario().size() < smallest.scenario().size()) {
                    smallest = f;
                }
            }
        }
        int[] runs = {0};
        Failure<S> minimized = minimize(smallest, runs);
        AssertionError report = new AssertionError(report(seed, first, minimized, runs[0]));
        laneErrors.forEach(report::addSuppressed);
        throw report;
    }

    /**
     * Runs the lanes, the first on the calling thread and each other one on a thread of its own,
     * and returns once all have ended, with what each threw (QuickTheories' own report of a failed
     * lane, or an error of the runner). A lane's seed is the property's seed for the first lane
     * and drawn from it for the others, so one seed replays every lane.
     *
     * <p>Lanes share nothing but {@code failures}, a synchronized list; each scenario run builds its
     * own coordinator, threads and listener. The lane threads end before this method returns, so a
     * test's thread census never sees them.
     */
    private List<Throwable> runLanes(long seed, List<Failure<S>> failures) {
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        SplittableRandom laneSeeds = new SplittableRandom(seed);
        List<Runnable> laneRuns = new ArrayList<>();
        for (int lane = 0; lane < lanes(); lane++) {
            long laneSeed = lane == 0 ? seed : laneSeeds.nextLong();
            int laneExamples = examples / lanes() + (lane < examples % lanes() ? 1 : 0);
            laneRuns.add(() -> {
                try {
                    runLane(laneSeed, laneExamples, failures);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
        }
        List<Thread> others = new ArrayList<>();
        for (int lane = 1; lane < laneRuns.size(); lane++) {
            Thread t = new Thread(laneRuns.get(lane), "tck-property-lane-" + lane);
            t.setDaemon(true);
            t.start();
            others.add(t);
        }
        laneRuns.get(0).run();
        joinPassingOnInterrupts(others);
        return List.copyOf(errors);
    }

    /**
     * Waits for every lane thread to end. An interrupt of the caller is passed on to the lanes,
     * whose scenario runs then stop waiting, and is set again on the caller once they have ended.
     */
    private static void joinPassingOnInterrupts(List<Thread> lanes) {
        boolean interrupted = Thread.interrupted();
        if (interrupted) {
            lanes.forEach(Thread::interrupt);
        }
        int next = 0;
        while (next < lanes.size()) {
            try {
                lanes.get(next).join();
                next++;
            } catch (InterruptedException e) {
                interrupted = true;
                lanes.forEach(Thread::interrupt);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The lanes this property runs in: {@value #LANES}, or one per example if there are fewer. */
    private int lanes() {
        return Math.min(LANES, examples);
    }

    private void runLane(long laneSeed, int laneExamples, List<Failure<S>> failures) {
        qt().withFixedSeed(laneSeed).withExamples(laneExamples).withShrinkCycles(SHRINK_CYCLES)
                .withUnlimitedTestingTime()
                .forAll(generator)
                .checkAssert(scenario -> {
                    Outcome outcome = runner.apply(scenario);
                    if (outcome.failed()) {
                        failures.add(new Failure<>(scenario, outcome));
                        throw new AssertionError(outcome.toString());
                    }
                });
    }

    /** What the lanes threw when no scenario failed: QuickTheories' or the runner's own error. */
    private static void rethrow(List<Throwable> errors) {
        Throwable first = errors.get(0);
        for (Throwable other : errors.subList(1, errors.size())) {
            first.addSuppressed(other);
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a property lane failed", first);
    }

    @SuppressWarnings("unchecked")
    private Failure<S> minimize(Failure<S> start, int[] runs) {
        long deadline = System.nanoTime() + TckTime.scaled(MINIMIZE_TIME).toNanos();
        Failure<S> current = start;
        boolean progress = true;
        while (progress && runs[0] < MINIMIZE_RUNS && System.nanoTime() < deadline) {
            progress = false;
            for (Scenario candidate : current.scenario().simpler()) {
                if (runs[0] >= MINIMIZE_RUNS || System.nanoTime() >= deadline) {
                    break;
                }
                S simpler = (S) candidate;
                for (int attempt = 0; attempt < REPRODUCE_ATTEMPTS && runs[0] < MINIMIZE_RUNS; attempt++) {
                    runs[0]++;
                    Outcome outcome = runner.apply(simpler);
                    if (outcome.failed()) {
                        current = new Failure<>(simpler, outcome);
                        progress = true;
                        break;
                    }
                }
                if (progress) {
                    break;
                }
            }
        }
        return current;
    }

    private String report(long seed, Failure<S> first, Failure<S> minimized, int runs) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append("Property '").append(name).append("' failed (seed ").append(seed).append(", ").append(examples)
                .append(" examples in ").append(lanes()).append(" lanes).").append(nl)
                .append("Replay the same scenarios with -D").append(TckKnobs.SEED_PROPERTY).append('=').append(seed)
                .append(" (runner CLI: --seed ").append(seed).append(").").append(nl)
                .append("Minimized scenario (QuickTheories' shrinking, then ").append(runs)
                .append(" domain-aware re-runs):").append(Scenario.render(minimized.scenario().steps())).append(nl)
                .append("  violated:");
        for (String v : minimized.outcome().violations()) {
            out.append(nl).append("    - ").append(v);
        }
        out.append(nl).append("First failing scenario as generated:").append(Scenario.render(first.scenario().steps()))
                .append(nl).append("  violated:");
        for (String v : first.outcome().violations()) {
            out.append(nl).append("    - ").append(v);
        }
        return out.toString();
    }
}
