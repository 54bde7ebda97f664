package io.github.terminable.tck.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class ComplianceTableTest {

    private static final String SPEC = String.join("\n",
            "#### <a id=\"rule-1.1\"></a>Rule 1.1 — Passing", "**Level:** required",
            "#### <a id=\"rule-1.2\"></a>Rule 1.2 — Optional but failing", "**Level:** optional",
            "#### <a id=\"rule-1.3\"></a>Rule 1.3 — Not applicable here", "**Level:** optional",
            "#### <a id=\"rule-1.4\"></a>Rule 1.4 — Untested", "**Level:** required",
            "#### <a id=\"rule-1.5\"></a>Rule 1.5 — Filtered out", "**Level:** required", "");

    @Test
    void aRuleIsReportedFromItsTestsAndTheFinalLineCountsTests() {
        SpecDocument spec = SpecDocument.parse(SPEC);
        List<TestResult> results = List.of(
                new TestResult("G", "required_a", List.of("1.1"), TestStatus.PASSED, ""),
                new TestResult("G", "required_b", List.of("1.1", "1.2"), TestStatus.PASSED, ""),
                new TestResult("G", "optional_c", List.of("1.2"), TestStatus.FAILED, "expected x\nbut was y"),
                new TestResult("G", "optional_d", List.of("1.3"), TestStatus.NOT_APPLICABLE, "needs Java 21"));
        ComplianceTable table = ComplianceTable.of(spec, results, Map.of("1.4", "cannot be automated"));

        assertThat(table.rows()).extracting(ComplianceTable.Row::status)
                .containsExactly("passed", "failed", "not applicable", "untested", "not run");
        assertThat(table.rows().get(1).note()).isEqualTo("G.optional_c: expected x");
        assertThat(table.rows().get(2).note()).isEqualTo("needs Java 21");
        assertThat(table.rows().get(3).note()).isEqualTo("cannot be automated");
        assertThat(table.finalLine()).isEqualTo("2 passed, 1 failed, 1 skipped");
        assertThat(table.toMarkdown()).contains("| 1.2 | Optional but failing | optional | **failed** | 1/2 |");
    }

    @Test
    void theFinalLineOmitsSkippedWhenNothingWasSkipped() {
        SpecDocument spec = SpecDocument.parse(SPEC);
        ComplianceTable table = ComplianceTable.of(spec,
                List.of(new TestResult("G", "required_a", List.of("1.1"), TestStatus.PASSED, "")), Map.of());
        assertThat(table.finalLine()).isEqualTo("1 passed, 0 failed");
    }
}
