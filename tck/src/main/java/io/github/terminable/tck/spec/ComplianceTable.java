package io.github.terminable.tck.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rule-by-rule result of a TCK run: one row per spec rule, in spec order, and the totals.
 *
 * <p>A rule's status is, in this order of precedence: {@code untested} if it is listed in
 * {@link UntestedRules}; {@code failed} if any of its tests failed (optional rules included);
 * {@code passed} if any passed; {@code not applicable} if all its tests were not applicable on
 * this runtime; {@code skipped} if its tests were skipped for another reason; {@code not run}
 * if none of its tests ran (for example when the run was filtered).
 *
 * <p>Immutable.
 */
public final class ComplianceTable {

    /**
     * One row.
     *
     * @param rule the rule
     * @param status its status, as printed
     * @param passed how many of its tests passed
     * @param total how many of its tests ran
     * @param note a failing test and its message, a not-applicable reason, or an untested reason
     */
    public record Row(SpecRuleEntry rule, String status, int passed, int total, String note) {
    }

    private final List<Row> rows;
    private final int passed;
    private final int failed;
    private final int skipped;

    private ComplianceTable(List<Row> rows, int passed, int failed, int skipped) {
        this.rows = List.copyOf(rows);
        this.passed = passed;
        this.failed = failed;
        this.skipped = skipped;
    }

    /**
     * Builds the table.
     *
     * @param spec the spec's rules
     * @param results the executed tests
     * @param untested rules listed as untested, with reasons
     * @return the table
     */
    public static ComplianceTable of(SpecDocument spec, List<TestResult> results, Map<String, String> untested) {
        List<Row> rows = new ArrayList<>();
        for (SpecRuleEntry rule : spec.rules()) {
            List<TestResult> mine = results.stream().filter(r -> r.rules().contains(rule.id())).toList();
            int ok = (int) mine.stream().filter(r -> r.status() == TestStatus.PASSED).count();
            String status;
            String note = "";
            if (untested.containsKey(rule.id())) {
                status = "untested";
                note = untested.get(rule.id());
            } else if (mine.stream().anyMatch(r -> r.status() == TestStatus.FAILED)) {
                status = "failed";
                TestResult first = mine.stream().filter(r -> r.status() == TestStatus.FAILED).findFirst().orElseThrow();
                note = first.name() + ": " + firstLine(first.message());
            } else if (ok > 0) {
                status = "passed";
            } else if (!mine.isEmpty() && mine.stream().allMatch(r -> r.status() == TestStatus.NOT_APPLICABLE)) {
                status = "not applicable";
                note = firstLine(mine.get(0).message());
            } else if (!mine.isEmpty()) {
                status = "skipped";
                note = firstLine(mine.get(0).message());
            } else {
                status = "not run";
            }
            rows.add(new Row(rule, status, ok, mine.size(), note));
        }
        int passed = (int) results.stream().filter(r -> r.status() == TestStatus.PASSED).count();
        int failed = (int) results.stream().filter(r -> r.status() == TestStatus.FAILED).count();
        int skipped = results.size() - passed - failed;
        return new ComplianceTable(rows, passed, failed, skipped);
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").trim();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /**
     * Returns the rows, in spec order.
     *
     * @return the rows
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * Returns how many tests passed.
     *
     * @return the count
     */
    public int passed() {
        return passed;
    }

    /**
     * Returns how many tests failed.
     *
     * @return the count
     */
    public int failed() {
        return failed;
    }

    /**
     * Returns how many tests were skipped or not applicable.
     *
     * @return the count
     */
    public int skipped() {
        return skipped;
    }

    /**
     * Returns the final line: {@code N passed, N failed}, followed by {@code , N skipped} when
     * tests were skipped or not applicable.
     *
     * @return the line
     */
    public String finalLine() {
        return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }

    /**
     * Renders the table as Markdown.
     *
     * @return the table, one rule per row
     */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Rule | Title | Level | Status | Tests passed | Note |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.rule().id()).append(" | ").append(escape(r.rule().title())).append(" | ")
                    .append(r.rule().level().label()).append(" | ").append(r.status().toUpperCase(Locale.ROOT).equals("FAILED")
                            ? "**failed**" : r.status()).append(" | ").append(r.passed()).append('/').append(r.total())
                    .append(" | ").append(escape(r.note())).append(" |\n");
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
