package io.github.terminable.tck;

/**
 * The self-test's cases that break a rule of section 3: shutdown order and completion.
 */
class BrokenShutdownRulesTest extends BrokenImplementationsTest {
    BrokenShutdownRulesTest() {
        super(section -> section == 3);
    }
}
