package io.github.terminable.tck;

import io.github.terminable.tck.harness.TckKnobs;
import io.github.terminable.tck.property.LoopScenarioRun;
import io.github.terminable.tck.property.LoopScenarios;
import io.github.terminable.tck.property.PropertyCheck;

import org.junit.jupiter.api.Test;

/**
 * Property-based background-loop scenarios (QuickTheories): generated tasks from concurrent
 * producers while the loop is ended one of five ways. {@link LoopScenarioRun} drives each
 * scenario and {@code property.LoopOracle} lists the invariants it is judged by.
 */
public abstract class LoopPropertyTests extends TckGroup {

    /** Creates the group. */
    protected LoopPropertyTests() {
    }

    @Test
    @SpecRule({"5.1.a", "5.1.b", "5.1.c", "5.2.a", "5.2.c", "5.3.a", "5.3.b", "5.4.a", "5.5.a", "5.10.a"})
    void stochastic_generatedLoopScenariosKeepEveryInvariant() {
        PropertyCheck.of("generated loop scenarios", LoopScenarios.scenarios(),
                scenario -> LoopScenarioRun.run(scenario, kit::coordinator), TckKnobs.examples()).check();
    }
}
