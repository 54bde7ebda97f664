package io.github.terminable.tck;

/**
 * The self-test's cases that break a rule of sections 3 to 8: shutdown order and completion, the
 * JVM-wide path, loops and observability.
 */
class BrokenShutdownLoopAndJvmRulesTest extends BrokenImplementationsTest {
    BrokenShutdownLoopAndJvmRulesTest() {
        super(section -> section >= 3);
    }
}
