package io.github.terminable.tck.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of a TCK run, clause by clause and rolled up per rule, in spec order, and the
 * totals.
 *
 * <p>A clause's status is, in this order of precedence: {@code untested} if it is listed in
 * {@link UntestedClauses}; {@code failed} if any test citing it failed (optional rules
 * included); {@code passed} if any passed; {@code not applicable} if all its tests were not
 * applicable on this runtime; {@code skipped} if its tests were skipped for another reason;
 * {@code not run} if none of its tests ran (for example when the run was filtered).
 *
 * <p>A rule's status rolls up the statuses of its tested clauses, and of tests that cite the
 * rule itself rather than a clause: {@code failed} if any failed; {@code passed} if all of them
 * passed or were not applicable and at least one passed; {@code not applicable} if all were not
 * applicable; {@code skipped} if any was skipped; {@code not run} if none ran; {@code partly run}
 * if some passed and others did not run; {@code untested} if every clause is untested.
 *
 * <p>Immutable.
 */
public final class ComplianceTable {

    /**
     * One rule, rolled up from its clauses.
     *
     * @param rule the rule
     * @param status its status, as printed
     * @param passed how many of its tested clauses passed
     * @param total how many of its clauses are tested (not listed as untested)
     * @param note the first failing clause and its note, a not-applicable reason, or the
     *     untested clauses
     */
    public record Row(SpecRuleEntry rule, String status, int passed, int total, String note) {
    }

    /**
     * One clause.
     *
     * @param clause the clause
     * @param status its status, as printed
     * @param passed how many of its tests passed
     * @param total how many of its tests ran
     * @param note a failing test and its message, a not-applicable reason, or an untested reason
     */
    public record ClauseRow(SpecClause clause, String status, int passed, int total, String note) {
    }

    private static final String FAILED = "failed";
    private static final String PASSED = "passed";
    private static final String NOT_APPLICABLE = "not applicable";
    private static final String SKIPPED = "skipped";
    private static final String NOT_RUN = "not run";
    private static final String UNTESTED = "untested";

    private final List<Row> rows;
    private final List<ClauseRow> clauseRows;
    private final int passed;
    private final int failed;
    private final int skipped;

    private ComplianceTable(List<Row> rows, List<ClauseRow> clauseRows, int passed, int failed, int skipped) {
        this.rows = List.copyOf(rows);
        this.clauseRows = List.copyOf(clauseRows);
        this.passed = passed;
        this.failed = failed;
        this.skipped = skipped;
    }

    /**
     * Builds the table.
     *
     * @param spec the spec's rules and clauses
     * @param results the executed tests
     * @param untested clauses listed as untested, with reasons
     * @return the table
     */
    public static ComplianceTable of(SpecDocument spec, List<TestResult> results, Map<String, String> untested) {
        List<Row> rows = new ArrayList<>();
        List<ClauseRow> clauseRows = new ArrayList<>();
        for (SpecRuleEntry rule : spec.rules()) {
            List<ClauseRow> parts = new ArrayList<>();
            List<String> untestedHere = new ArrayList<>();
            for (SpecClause clause : spec.clausesOf(rule.id())) {
                ClauseRow row;
                if (untested.containsKey(clause.id())) {
                    row = new ClauseRow(clause, UNTESTED, 0, 0, untested.get(clause.id()));
                    untestedHere.add(clause.id());
                } else {
                    row = fromTests(clause, results.stream().filter(r -> r.rules().contains(clause.id())).toList());
                    parts.add(row);
                }
                clauseRows.add(row);
            }
            List<TestResult> direct = results.stream().filter(r -> r.rules().contains(rule.id())).toList();
            if (!direct.isEmpty()) {
                parts.add(fromTests(new SpecClause(rule.id() + ".*", rule.id(), ClauseBinding.IMPLEMENTATION, rule.line()),
                        direct));
            }
            rows.add(rollUp(rule, parts, untestedHere));
        }
        int passed = (int) results.stream().filter(r -> r.status() == TestStatus.PASSED).count();
        int failed = (int) results.stream().filter(r -> r.status() == TestStatus.FAILED).count();
        int skipped = results.size() - passed - failed;
        return new ComplianceTable(rows, clauseRows, passed, failed, skipped);
    }

    private static ClauseRow fromTests(SpecClause clause, List<TestResult> mine) {
        int ok = (int) mine.stream().filter(r -> r.status() == TestStatus.PASSED).count();
        String status;
        String note = "";
        if (mine.stream().anyMatch(r -> r.status() == TestStatus.FAILED)) {
            status = FAILED;
            TestResult first = mine.stream().filter(r -> r.status() == TestStatus.FAILED).findFirst().orElseThrow();
            note = first.name() + ": " + firstLine(first.message());
        } else if (ok > 0) {
            status = PASSED;
        } else if (!mine.isEmpty() && mine.stream().allMatch(r -> r.status() == TestStatus.NOT_APPLICABLE)) {
            status = NOT_APPLICABLE;
            note = firstLine(mine.get(0).message());
        } else if (!mine.isEmpty()) {
            status = SKIPPED;
            note = firstLine(mine.get(0).message());
        } else {
            status = NOT_RUN;
        }
        return new ClauseRow(clause, status, ok, mine.size(), note);
    }

    private static Row rollUp(SpecRuleEntry rule, List<ClauseRow> parts, List<String> untestedHere) {
        int tested = (int) parts.stream().filter(p -> !p.clause().id().endsWith("*")).count();
        int ok = (int) parts.stream().filter(p -> !p.clause().id().endsWith("*") && p.status().equals(PASSED)).count();
        String untestedNote = untestedHere.isEmpty() ? "" : "untested: " + String.join(", ", untestedHere);
        if (parts.isEmpty()) {
            return new Row(rule, untestedHere.isEmpty() ? NOT_RUN : UNTESTED, 0, 0, untestedNote);
        }
        ClauseRow firstFailed = parts.stream().filter(p -> p.status().equals(FAILED)).findFirst().orElse(null);
        String status;
        String note;
        if (firstFailed != null) {
            status = FAILED;
            note = firstFailed.clause().id().replace(".*", "") + ": " + firstFailed.note();
        } else if (parts.stream().allMatch(p -> p.status().equals(NOT_APPLICABLE))) {
            status = NOT_APPLICABLE;
            note = parts.get(0).note();
        } else if (parts.stream().allMatch(p -> p.status().equals(PASSED) || p.status().equals(NOT_APPLICABLE))) {
            status = PASSED;
            note = untestedNote;
        } else if (parts.stream().anyMatch(p -> p.status().equals(SKIPPED))) {
            status = SKIPPED;
            note = parts.stream().filter(p -> p.status().equals(SKIPPED)).findFirst().orElseThrow().note();
        } else if (parts.stream().allMatch(p -> p.status().equals(NOT_RUN))) {
            status = NOT_RUN;
            note = "";
        } else {
            status = "partly run";
            note = "not run: " + String.join(", ",
                    parts.stream().filter(p -> p.status().equals(NOT_RUN)).map(p -> p.clause().id()).toList());
        }
        return new Row(rule, status, ok, tested, note);
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").trim();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /**
     * Returns the rule rows, in spec order.
     *
     * @return the rows
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * Returns the clause rows, in spec order.
     *
     * @return the rows
     */
    public List<ClauseRow> clauseRows() {
        return clauseRows;
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
     * Renders the rule summary as Markdown.
     *
     * @return the table, one rule per row
     */
    public String rulesMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Rule | Title | Level | Status | Clauses passed | Note |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.rule().id()).append(" | ").append(escape(r.rule().title())).append(" | ")
                    .append(r.rule().level().label()).append(" | ").append(status(r.status())).append(" | ")
                    .append(r.passed()).append('/').append(r.total()).append(" | ").append(escape(r.note())).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Renders the clause table as Markdown.
     *
     * @return the table, one clause per row
     */
    public String clausesMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Clause | Binds | Status | Tests passed | Note |\n");
        out.append("|---|---|---|---|---|\n");
        for (ClauseRow r : clauseRows) {
            out.append("| ").append(r.clause().id()).append(" | ").append(r.clause().binding().label()).append(" | ")
                    .append(status(r.status())).append(" | ").append(r.passed()).append('/').append(r.total())
                    .append(" | ").append(escape(r.note())).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Renders both tables as Markdown: the rule summary, then the clauses.
     *
     * @return the rules table, a blank line, a {@code Clauses} heading and the clause table
     */
    public String toMarkdown() {
        return "## Rules\n\n" + rulesMarkdown() + "\n## Clauses\n\n" + clausesMarkdown();
    }

    private static String status(String status) {
        return status.equals(FAILED) ? "**failed**" : status;
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
