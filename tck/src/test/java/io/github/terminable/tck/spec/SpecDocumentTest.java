package io.github.terminable.tck.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

class SpecDocumentTest {

    private static String fixture() throws Exception {
        try (InputStream in = SpecDocumentTest.class.getResourceAsStream("fixture-spec.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesEveryRuleHeadingWithItsLevelInOrder() throws Exception {
        SpecDocument spec = SpecDocument.parse(fixture());
        assertThat(spec.rules()).extracting(SpecRuleEntry::id).containsExactly("1.1", "1.2", "10.12");
        assertThat(spec.rule("1.2")).get().satisfies(r -> {
            assertThat(r.title()).isEqualTo("Second rule, with an em dash — inside");
            assertThat(r.level()).isEqualTo(RuleLevel.OPTIONAL);
            assertThat(r.section()).isEqualTo(1);
        });
        assertThat(spec.rule("10.12").orElseThrow().section()).isEqualTo(10);
        assertThat(spec.rule("9.9")).isEmpty();
    }

    @Test
    void parsesEveryClauseWithItsRuleAndBindingInOrder() throws Exception {
        SpecDocument spec = SpecDocument.parse(fixture());
        assertThat(spec.clauses()).extracting(SpecClause::id).containsExactly("1.1.a", "1.1.b", "1.1.c", "1.2.a");
        assertThat(spec.clauses()).extracting(SpecClause::binding).containsExactly(ClauseBinding.IMPLEMENTATION,
                ClauseBinding.API, ClauseBinding.APPLICATION, ClauseBinding.IMPLEMENTATION);
        assertThat(spec.clausesOf("1.1")).extracting(SpecClause::rule).containsOnly("1.1");
        assertThat(spec.clausesOf("10.12")).isEmpty();
        assertThat(spec.clause("1.1.b").orElseThrow().line()).isEqualTo(13);
        assertThat(spec.defines("1.2.a")).isTrue();
        assertThat(spec.defines("1.2")).isTrue();
        assertThat(spec.defines("1.2.b")).isFalse();
        assertThat(SpecClause.ruleOf("10.12.c")).isEqualTo("10.12");
        assertThat(SpecClause.ruleOf("10.12")).isEqualTo("10.12");
        assertThat(SpecClause.isClauseId("3.2.a")).isTrue();
        assertThat(SpecClause.isClauseId("3.2")).isFalse();
    }

    @Test
    void rejectsAClauseThatIsMisplacedMislabelledOutOfOrderOrRepeated() {
        String rule = "#### <a id=\"rule-1.1\"></a>Rule 1.1 — T\n**Level:** required\n";
        assertThatThrownBy(() -> SpecDocument.parse(rule + "<a id=\"clause-1.2.a\"></a>**1.2.a** X MUST.\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stands in rule 1.1");
        assertThatThrownBy(() -> SpecDocument.parse(rule + "<a id=\"clause-1.1.a\"></a>**1.1.b** X MUST.\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match label");
        assertThatThrownBy(() -> SpecDocument.parse(rule + "<a id=\"clause-1.1.b\"></a>**1.1.b** X MUST.\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> SpecDocument.parse(rule + "<a id=\"clause-1.1.a\"></a>**1.1.a** X.\n"
                + "<a id=\"clause-1.1.a\"></a>**1.1.a** Y.\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> SpecDocument.parse(rule + "<a id=\"clause-1.1.a\"></a>**1.1a** X MUST.\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> SpecDocument.parse("<a id=\"clause-1.1.a\"></a>**1.1.a** X.\n" + rule))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside any rule");
    }

    @Test
    void rejectsAHeadingThatLooksLikeARuleButIsMalformed() {
        assertThatThrownBy(() -> SpecDocument.parse("#### Rule 3.2 — Missing anchor\n**Level:** required\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SpecDocument.parse("#### <a id=\"rule-3.2\"></a>Rule 3.2 Reverse order\n**Level:** required\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }

    @Test
    void rejectsAMissingLevelADuplicateAnAnchorMismatchAndAnEmptySpec() {
        assertThatThrownBy(() -> SpecDocument.parse("#### <a id=\"rule-1.1\"></a>Rule 1.1 — T\nText\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Level");
        String rule = "#### <a id=\"rule-1.1\"></a>Rule 1.1 — T\n**Level:** required\n";
        assertThatThrownBy(() -> SpecDocument.parse(rule + rule)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defined twice");
        assertThatThrownBy(() -> SpecDocument.parse("#### <a id=\"rule-1.1\"></a>Rule 1.2 — T\n**Level:** required\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match heading");
        assertThatThrownBy(() -> SpecDocument.parse("# nothing here\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rules");
    }
}
