package io.github.terminable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The ratio tables of RESULTS.md: pairing with the same run's baseline (and order), verdicts, medians. */
class RatioReportTest {

    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
            + "\"Score Error (99.9%)\",\"Unit\",\"Param: impl\",\"Param: threads\"";

    @TempDir
    Path dir;

    private Path csv(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, (HEADER + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static String row(String benchmark, String mode, double score, double error, String impl, String threads) {
        return String.format(java.util.Locale.ROOT, "\"io.github.terminable.benchmarks.%s\",\"%s\",1,5,%f,%f,\"ms/op\",%s,%s",
                benchmark, mode, score, error, impl, threads);
    }

    /** Row 2 as ShutdownBenchmark writes it since it has an {@code order} parameter. */
    private Path shutdownCsv(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        String header = HEADER.replace("\"Param: impl\"", "\"Param: impl\",\"Param: order\"");
        Files.write(file, (header + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static String shutdown(double score, String impl, String order, String threads) {
        return String.format(java.util.Locale.ROOT,
                "\"io.github.terminable.benchmarks.ShutdownBenchmark.shutdownAll\",\"ss\",1,15,%f,%f,\"ms/op\",%s,%s,%s",
                score, 0.0, impl, order, threads);
    }

    @Test
    void row2PairsEachOrderWithItsOwnBaseline() throws IOException {
        // The one-at-a-time baseline is much slower than interrupt-all-then-join-all: pairing a
        // completion-order result with the wrong baseline would give 0.55 or 2.2, not 1.1.
        Path run = shutdownCsv("run.csv",
                shutdown(20, "jdk", "completion", "1000"),
                shutdown(10, "jdk", "request", "1000"),
                shutdown(22, "reference", "completion", "1000"),
                shutdown(11, "reference", "request", "1000"),
                shutdown(24, "executor", "completion", "1000"),
                shutdown(12, "executor", "request", "1000"),
                shutdown(200, "jdk", "completion", "10000"),
                shutdown(100, "jdk", "request", "10000"),
                shutdown(300, "reference", "completion", "10000"),
                shutdown(110, "reference", "request", "10000"));

        String report = RatioReport.report(List.of(RatioReport.parse(run)));

        assertThat(report)
                .contains("| {order=completion, threads=1000} | reference | 22.000 ± 0.000 | 20.000 ± 0.000 | ms/op | 1.100 (")
                .contains("| {order=request, threads=1000} | reference | 11.000 ± 0.000 | 10.000 ± 0.000 | ms/op | 1.100 (")
                .contains("| {order=completion, threads=1000} | executor | 24.000 ± 0.000 | 20.000 ± 0.000 | ms/op | 1.200 (")
                .contains("| {order=request, threads=1000} | executor | 12.000 ± 0.000 | 10.000 ± 0.000 | ms/op | 1.200 (")
                .contains("| {order=completion, threads=10000} | reference | 300.000 ± 0.000 | 200.000 ± 0.000 | ms/op | 1.500 (")
                .contains("| 1.100 (1.10–1.10) | 1 | <= 1.15 | MET |")
                .contains("| 1.200 (1.20–1.20) | 1 | <= 1.15 | MISSED |")
                .doesNotContain("Not compared")
                // growth per implementation and order, baselines included, without a target
                .contains("| shutdown growth (informational) | 1k threads (ms) | 10k threads (ms) | 10k/1k |\n")
                .contains("| jdk (completion) | 20.00 | 200.00 | 10.00 |\n")
                .contains("| reference (completion) | 22.00 | 300.00 | 13.64 |\n")
                .contains("| reference (request) | 11.00 | 110.00 | 10.00 |\n");
    }

    @Test
    void aResultWithoutTheBaselineOfItsOrderIsListedNotCompared() throws IOException {
        Path run = shutdownCsv("run.csv",
                shutdown(10, "jdk", "request", "100"),
                shutdown(11, "reference", "request", "100"),
                shutdown(22, "reference", "completion", "100"));

        String report = RatioReport.report(List.of(RatioReport.parse(run)));

        assertThat(report).contains("{order=request, threads=100} | reference")
                .doesNotContain("{order=completion, threads=100} | reference")
                .contains("Not compared: no jdk baseline with the same parameters in the same run:\n"
                        + "- ShutdownBenchmark.shutdownAll ss {impl=reference, order=completion, threads=100}\n");
    }

    @Test
    void pairsEachImplementationWithTheBaselineOfTheSameParameters() throws IOException {
        Path run = csv("run.csv",
                row("ShutdownBenchmark.shutdownAll", "ss", 10, 0.1, "jdk", "1000"),
                row("ShutdownBenchmark.shutdownAll", "ss", 11, 0.1, "reference", "1000"),
                row("ShutdownBenchmark.shutdownAll", "ss", 30, 0.1, "executor", "1000"),
                row("ShutdownBenchmark.shutdownAll", "ss", 100, 1, "jdk", "10000"),
                row("ShutdownBenchmark.shutdownAll", "ss", 200, 1, "reference", "10000"));

        String report = RatioReport.report(List.of(RatioReport.parse(run)));

        assertThat(report).contains("| ShutdownBenchmark.shutdownAll | ss | {threads=1000} | reference | 11.000 ± 0.100 | "
                + "10.000 ± 0.100 | ms/op | 1.100 (")
                .contains("| <= 1.15 | MET |")
                .contains("{threads=1000} | executor | 30.000 ± 0.100 | 10.000 ± 0.100 | ms/op | 3.000 (")
                .contains("| <= 1.15 | MISSED |")
                .contains("| reference | 11.00 | 200.00 | 18.18 |\n")
                .contains("| jdk | 10.00 | 100.00 | 10.00 |\n")
                .doesNotContain("| jdk | 10.000");
    }

    @Test
    void aVerdictWhoseErrorBarsStraddleTheTargetIsWithinNoise() throws IOException {
        Path run = csv("run.csv",
                row("ShutdownBenchmark.shutdownAll", "ss", 10, 3, "jdk", "100"),
                row("ShutdownBenchmark.shutdownAll", "ss", 11, 3, "reference", "100"));

        assertThat(RatioReport.report(List.of(RatioReport.parse(run)))).contains("| <= 1.15 | MET (within noise) |");
    }

    @Test
    void severalRunsAreReportedByTheirMedianRatio() throws IOException {
        Path a = csv("a.csv", row("ShutdownBenchmark.shutdownAll", "ss", 10, 0, "jdk", "100"),
                row("ShutdownBenchmark.shutdownAll", "ss", 10, 0, "reference", "100"));
        Path b = csv("b.csv", row("ShutdownBenchmark.shutdownAll", "ss", 20, 0, "jdk", "100"),
                row("ShutdownBenchmark.shutdownAll", "ss", 30, 0, "reference", "100"));
        Path c = csv("c.csv", row("ShutdownBenchmark.shutdownAll", "ss", 10, 0, "jdk", "100"),
                row("ShutdownBenchmark.shutdownAll", "ss", 12, 0, "reference", "100"));

        String report = RatioReport.report(List.of(RatioReport.parse(a), RatioReport.parse(b), RatioReport.parse(c)));

        // Per-run ratios 1.0, 1.5 and 1.2: the median is 1.2, the range 1.00-1.50, so within noise.
        assertThat(report).contains("| 1.200 (1.00–1.50) | 3 | <= 1.15 | MISSED (within noise) |");
    }

    @Test
    void throughputTargetsAreLowerBoundsOfOnePointOne() throws IOException {
        Path run = csv("run.csv",
                row("LoopBenchmark.burst", "thrpt", 20, 0.1, "jdk", ""),
                row("LoopBenchmark.burst", "thrpt", 21, 0.1, "reference", ""),
                row("LoopBenchmark.burst", "thrpt", 23, 0.1, "executor", ""));

        assertThat(RatioReport.report(List.of(RatioReport.parse(run))))
                .contains("| 1.050 (1.04–1.06) | 1 | >= 1.1 | MISSED |")
                .contains("| 1.150 (1.14–1.16) | 1 | >= 1.1 | MET |");
    }

    @Test
    void theTablesAndTheChartShareOneModel() throws IOException {
        Path a = shutdownCsv("a.csv", shutdown(10, "jdk", "completion", "1000"), shutdown(12, "executor", "completion", "1000"));
        Path b = shutdownCsv("b.csv", shutdown(10, "jdk", "completion", "1000"), shutdown(11, "executor", "completion", "1000"));

        List<RatioReport.Comparison> comparisons = RatioReport.compare(
                List.of(RatioReport.parse(a), RatioReport.parse(b)), new java.util.ArrayList<>());

        assertThat(comparisons).hasSize(1);
        RatioReport.Comparison c = comparisons.get(0);
        assertThat(c.rounds()).isEqualTo(2);
        assertThat(c.ratio()).isCloseTo(1.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.verdict()).isEqualTo("MET (within noise)");
        assertThat(c.mark(25)).isEqualTo(new RatioChart.Mark(2, "completion order, 1k threads", "executor", 25,
                c.ratio(), 1.1, 1.2, new Target(1.15, true), "x"));
    }
}
