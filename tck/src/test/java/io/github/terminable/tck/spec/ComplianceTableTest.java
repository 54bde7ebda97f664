package io.github.terminable.tck.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class ComplianceTableTest {

    private static String clause(String id) {
        return "<a id=\"clause-" + id + "\"></a>**" + id + "** MUST.";
    }

    private static final String SPEC = String.join("\n",
            "#### <a id=\"rule-1.1\"></a>Rule 1.1 — Passing", "**Level:** required", clause("1.1.a"), clause("1.1.b"),
            "#### <a id=\"rule-1.2\"></a>Rule 1.2 — Optional but failing", "**Level:** optional", clause("1.2.a"),
            clause("1.2.b"),
            "#### <a id=\"rule-1.3\"></a>Rule 1.3 — Not applicable here", "**Level:** optional", clause("1.3.a"),
            "#### <a id=\"rule-1.4\"></a>Rule 1.4 — Untested", "**Level:** required", clause("1.4.a"),
            "#### <a id=\"rule-1.5\"></a>Rule 1.5 — Filtered out", "**Level:** required", clause("1.5.a"),
            "#### <a id=\"rule-1.6\"></a>Rule 1.6 — Partly run, one clause untested", "**Level:** required", clause("1.6.a"),
            clause("1.6.b"), clause("1.6.c"),
            "#### <a id=\"rule-1.7\"></a>Rule 1.7 — Cited as a whole", "**Level:** required", clause("1.7.a"), "");

    @Test
    void clausesAreReportedFromTheirTestsAndRulesRollThemUp() {
        SpecDocument spec = SpecDocument.parse(SPEC);
        List<TestResult> results = List.of(
                new TestResult("G", "required_a", List.of("1.1.a"), TestStatus.PASSED, ""),
                new TestResult("G", "required_b", List.of("1.1.b", "1.2.a"), TestStatus.PASSED, ""),
                new TestResult("G", "optional_c", List.of("1.2.b"), TestStatus.FAILED, "expected x\nbut was y"),
                new TestResult("G", "optional_d", List.of("1.3.a"), TestStatus.NOT_APPLICABLE, "needs Java 21"),
                new TestResult("G", "required_e", List.of("1.6.a"), TestStatus.PASSED, ""),
                new TestResult("G", "required_f", List.of("1.7"), TestStatus.FAILED, "whole rule"));
        ComplianceTable table = ComplianceTable.of(spec, results,
                Map.of("1.4.a", "cannot be automated", "1.6.c", "binds applications"));

        assertThat(table.rows()).extracting(ComplianceTable.Row::status)
                .containsExactly("passed", "failed", "not applicable", "untested", "not run", "partly run", "failed");
        assertThat(table.rows().get(0)).extracting(ComplianceTable.Row::passed, ComplianceTable.Row::total)
                .containsExactly(2, 2);
        assertThat(table.rows().get(1).note()).isEqualTo("1.2.b: G.optional_c: expected x");
        assertThat(table.rows().get(2).note()).isEqualTo("needs Java 21");
        assertThat(table.rows().get(3).note()).isEqualTo("untested: 1.4.a");
        assertThat(table.rows().get(5).note()).isEqualTo("not run: 1.6.b");
        assertThat(table.rows().get(5)).extracting(ComplianceTable.Row::passed, ComplianceTable.Row::total)
                .containsExactly(1, 2);
        assertThat(table.rows().get(6).note()).isEqualTo("1.7: G.required_f: whole rule");

        assertThat(table.clauseRows()).extracting(r -> r.clause().id() + "=" + r.status()).containsExactly(
                "1.1.a=passed", "1.1.b=passed", "1.2.a=passed", "1.2.b=failed", "1.3.a=not applicable",
                "1.4.a=untested", "1.5.a=not run", "1.6.a=passed", "1.6.b=not run", "1.6.c=untested", "1.7.a=not run");
        assertThat(table.clauseRows().get(5).note()).isEqualTo("cannot be automated");
        assertThat(table.finalLine()).isEqualTo("3 passed, 2 failed, 1 skipped");
        assertThat(table.toMarkdown()).contains("| 1.2 | Optional but failing | optional | **failed** | 1/2 |")
                .contains("| 1.2.b |  | **failed** | 0/1 | G.optional_c: expected x |")
                .contains("| 1.6.c |  | untested | 0/0 | binds applications |");
    }

    @Test
    void aRuleWhoseClausesAllPassOrAreNotApplicablePasses() {
        SpecDocument spec = SpecDocument.parse(SPEC);
        ComplianceTable table = ComplianceTable.of(spec, List.of(
                new TestResult("G", "required_a", List.of("1.1.a"), TestStatus.PASSED, ""),
                new TestResult("G", "required_b", List.of("1.1.b"), TestStatus.NOT_APPLICABLE, "needs Java 21")), Map.of());
        assertThat(table.rows().get(0).status()).isEqualTo("passed");
        assertThat(table.rows().get(0)).extracting(ComplianceTable.Row::passed, ComplianceTable.Row::total)
                .containsExactly(1, 2);
    }

    @Test
    void theFinalLineOmitsSkippedWhenNothingWasSkipped() {
        SpecDocument spec = SpecDocument.parse(SPEC);
        ComplianceTable table = ComplianceTable.of(spec,
                List.of(new TestResult("G", "required_a", List.of("1.1.a"), TestStatus.PASSED, "")), Map.of());
        assertThat(table.finalLine()).isEqualTo("1 passed, 0 failed");
    }
}
