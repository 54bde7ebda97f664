package io.github.terminable.tck;

/**
 * The self-test's cases that break rules 1.1 to 1.3: a thread's start, its one callback and the
 * request accepted once.
 */
class BrokenThreadRulesTest extends BrokenImplementationsTest {
    BrokenThreadRulesTest() {
        super(section -> section == 1, rule -> rule <= 3);
    }
}
