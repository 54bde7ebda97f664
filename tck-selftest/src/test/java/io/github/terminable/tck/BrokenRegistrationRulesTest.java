package io.github.terminable.tck;

/** The self-test's cases that break a rule of section 2: registration and owners. */
class BrokenRegistrationRulesTest extends BrokenImplementationsTest {
    BrokenRegistrationRulesTest() {
        super(section -> section == 2);
    }
}
