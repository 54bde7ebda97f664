package io.github.terminable.tck;

import io.github.terminable.tck.harness.TckKnobs;
import io.github.terminable.tck.property.PropertyCheck;
import io.github.terminable.tck.property.ShutdownScenarioRun;
import io.github.terminable.tck.property.ShutdownScenarios;

import org.junit.jupiter.api.Test;

/**
 * Property-based shutdown scenarios (QuickTheories): generated threads and loops, callbacks,
 * bodies that end late or outlive their turn's bound, units not awaited in their turn,
 * concurrent {@code terminate()} callers and trigger moments, checked for exactly-once, reverse
 * order, completion order, nothing lost, no leak and no deadlock. {@link ShutdownScenarioRun} drives each scenario and
 * {@code property.ShutdownOracle} lists the invariants it is judged by; see
 * {@link PropertyCheck} for seeds, replay and the failure report.
 */
public abstract class ShutdownPropertyTests extends TckGroup {

    /** Creates the group. */
    protected ShutdownPropertyTests() {
    }

    @Test
    @SpecRule({"1.2.a", "1.2.b", "1.2.c", "1.3.b", "1.4.a", "2.1.a", "2.2.a", "2.3.a", "2.3.b", "2.4.b", "2.4.c", "3.1.a", "3.1.c", "3.2.b", "3.3.a", "3.5.a", "3.6.a", "3.7.a", "3.10.a", "3.11.a", "8.2.a"})
    void stochastic_generatedShutdownScenariosKeepEveryInvariant() {
        PropertyCheck.of("generated shutdown scenarios", ShutdownScenarios.scenarios(),
                scenario -> ShutdownScenarioRun.run(scenario, bound -> kit.coordinator(b -> b.callbackTimeout(bound))),
                TckKnobs.examples()).check();
    }
}
