package io.github.terminable.tck;

/**
 * The self-test's cases that break rules 1.4 and later of section 1: a request made before or
 * racing {@code start()}, and the thread a callback runs on.
 */
class BrokenThreadRequestRulesTest extends BrokenImplementationsTest {
    BrokenThreadRequestRulesTest() {
        super(section -> section == 1, rule -> rule >= 4);
    }
}
