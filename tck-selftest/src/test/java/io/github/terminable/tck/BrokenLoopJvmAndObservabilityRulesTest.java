package io.github.terminable.tck;

/**
 * The self-test's cases that break a rule of sections 4 to 8: the JVM-wide path, loops and
 * observability.
 */
class BrokenLoopJvmAndObservabilityRulesTest extends BrokenImplementationsTest {
    BrokenLoopJvmAndObservabilityRulesTest() {
        super(section -> section >= 4);
    }
}
