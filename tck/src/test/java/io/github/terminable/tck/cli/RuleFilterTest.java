package io.github.terminable.tck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class RuleFilterTest {

    @Test
    void aRuleIdSelectsItsClausesAndTheRuleItself() {
        RuleFilter filter = new RuleFilter(List.of("3.2"));
        assertThat(filter.selects("3.2.a")).isTrue();
        assertThat(filter.selects("3.2")).isTrue();
        assertThat(filter.selects("3.20.a")).isFalse();
        assertThat(filter.selects("3.3.a")).isFalse();
    }

    @Test
    void aClauseIdSelectsThatClauseAndCitationsOfItsWholeRule() {
        RuleFilter filter = new RuleFilter(List.of("3.2.b"));
        assertThat(filter.selects("3.2.b")).isTrue();
        assertThat(filter.selects("3.2")).isTrue();
        assertThat(filter.selects("3.2.a")).isFalse();
        assertThat(filter.selects("1.3.b")).isFalse();
    }
}
