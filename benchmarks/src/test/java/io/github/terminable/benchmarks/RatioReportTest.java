package io.github.terminable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The ratio tables of RESULTS.md: pairing with the same run's baseline, verdicts, medians. */
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
                .contains("| <= 1.2 | MET |")
                .contains("{threads=1000} | executor | 30.000 ± 0.100 | 10.000 ± 0.100 | ms/op | 3.000 (")
                .contains("| <= 1.2 | MISSED |")
                .contains("| reference | 11.00 | 200.00 | 18.18 | <= 12 | MISSED |")
                .contains("| jdk | 10.00 | 100.00 | 10.00 | <= 12 | MET |")
                .doesNotContain("| jdk | 10.000");
    }

    @Test
    void aVerdictWhoseErrorBarsStraddleTheTargetIsWithinNoise() throws IOException {
        Path run = csv("run.csv",
                row("ShutdownBenchmark.shutdownAll", "ss", 10, 3, "jdk", "100"),
                row("ShutdownBenchmark.shutdownAll", "ss", 11, 3, "reference", "100"));

        assertThat(RatioReport.report(List.of(RatioReport.parse(run)))).contains("| <= 1.2 | MET (within noise) |");
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
        assertThat(report).contains("| 1.200 (1.00–1.50) | 3 | <= 1.2 | MET (within noise) |");
    }

    @Test
    void throughputTargetsAreLowerBounds() throws IOException {
        Path run = csv("run.csv",
                row("LoopBenchmark.burst", "thrpt", 20, 0.1, "jdk", ""),
                row("LoopBenchmark.burst", "thrpt", 18, 0.1, "reference", ""));

        assertThat(RatioReport.report(List.of(RatioReport.parse(run)))).contains("| 0.900 (").contains("| >= 1.0 | MISSED |");
    }
}
