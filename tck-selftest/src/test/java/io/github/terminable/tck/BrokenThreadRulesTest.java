package io.github.terminable.tck;

/** The self-test's cases that break a rule of section 1: terminable threads. */
class BrokenThreadRulesTest extends BrokenImplementationsTest {
    BrokenThreadRulesTest() {
        super(section -> section == 1);
    }
}
