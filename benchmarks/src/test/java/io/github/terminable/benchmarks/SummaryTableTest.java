package io.github.terminable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The summary table: one line per figure, one column per JDK and implementation, verdicts from the targets. */
class SummaryTableTest {

    @Test
    void writesOneLinePerFigureWithEachJdkAndImplementationsVerdictAndRange() {
        List<RatioChart.Mark> marks = List.of(
                new RatioChart.Mark(5, "vs hand-written closing", "reference", 17, 1.16, 1.16, 1.16, Targets.ROW5_VS_CLOSING, "x"),
                new RatioChart.Mark(5, "vs hand-written closing", "executor", 17, 1.05, 1.05, 1.05, Targets.ROW5_VS_CLOSING, "x"),
                new RatioChart.Mark(3, "burst throughput, interleaved", "reference", 25, 1.69, 1.2, 2.0, Targets.ROW3, "x"),
                new RatioChart.Mark(4, "live platform thread", "reference", 17, 89.5, 89.5, 89.5, Targets.ROW4_BYTES, "B"),
                new RatioChart.Mark(3, "roundTrip ss", "reference", 17, 1.0, 1.0, 1.0, null, "x"));

        String table = SummaryTable.render(marks);

        assertThat(table.lines().toList()).containsExactly(
                "| # | figure | target | JDK 17 reference | JDK 17 executor | JDK 25 reference | JDK 25 executor |",
                "|---|---|---|---|---|---|---|",
                "| 3 | burst throughput, interleaved | ≥ 1.1× | — | — | **1.69× met** (1.20–2.00) | — |",
                "| 4 | live platform thread | ≤ 128 B | **89.5 B met** | — | — | — |",
                "| 5 | vs hand-written closing | ≤ 1.1× | 1.16× missed | **1.05× met** | — | — |");
    }

    @Test
    void aFigureWhoseRangeStraddlesTheTargetSaysSo() {
        RatioChart.Mark m = new RatioChart.Mark(2, "completion order, 100 threads", "executor", 17, 1.12, 1.05, 1.30,
                Targets.ROW2, "x");

        assertThat(SummaryTable.cell(m)).isEqualTo("**1.12× met (within noise)** (1.05–1.30)");
    }

    @Test
    void noMarksWithATargetSayThereAreNoResults() {
        assertThat(SummaryTable.render(List.of())).isEqualTo("no results with a target\n");
    }
}
