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
 * The seed replays the same sequence of generated scenarios ({@value TckKnobs#SEED_PROPERTY});
 * the thread interleavings are the machine's.
 *
 * @param <S> the scenario type
 */
public final class PropertyCheck<S extends Scenario> {

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
     * @param examples how many scenarios to generate
     * @return the property
     */
    public static <S extends Scenario> PropertyCheck<S> of(String name, Gen<S> generator, Function<S, Outcome> runner,
                                                           int examples) {
        return new PropertyCheck<>(name, generator, runner, examples);
    }

    private record Failure<S>(S scenario, Outcome outcome) {
    }

    /**
     * Runs the property.
     *
     * @throws AssertionError with the full report if any scenario violated an invariant
     */
    public void check() {
        long seed = TckKnobs.seed().orElseGet(() -> new SplittableRandom().nextLong());
        List<Failure<S>> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(SHRINK_CYCLES)
                    .withUnlimitedTestingTime()
                    .forAll(generator)
                    .checkAssert(scenario -> {
                        Outcome outcome = runner.apply(scenario);
                        if (outcome.failed()) {
                            failures.add(new Failure<>(scenario, outcome));
                            throw new AssertionError(outcome.toString());
                        }
                    });
        } catch (AssertionError qtReport) {
            if (failures.isEmpty()) {
                throw qtReport;
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
            throw new AssertionError(report(seed, first, minimized, runs[0]), qtReport);
        }
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
                .append(" examples).").append(nl)
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
