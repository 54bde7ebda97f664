package io.github.terminable.tck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class RuleFilterTest {

    @Test
    void aRuleIdSelectsItsClausesAndTheRuleItself() {
        assertSelection("3.2", List.of("3.2.a", "3.2"), List.of("3.20.a", "3.3.a"));
    }

    @Test
    void aClauseIdSelectsThatClauseAndCitationsOfItsWholeRule() {
        assertSelection("3.2.b", List.of("3.2.b", "3.2"), List.of("3.2.a", "1.3.b"));
    }

    private static void assertSelection(String asked, List<String> selected, List<String> passedOver) {
        RuleFilter filter = new RuleFilter(List.of(asked));
        assertThat(selected).as("ids that --rule " + asked + " selects").allMatch(filter::selects);
        assertThat(passedOver).as("ids that --rule " + asked + " passes over").noneMatch(filter::selects);
    }
}
