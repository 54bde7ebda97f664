package io.github.terminable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The chart of every row against its target: what it reads from a result directory, and what it draws. */
class RatioChartTest {

    @TempDir
    Path dir;

    /** A result directory as run-benchmarks.sh writes it, with rows 2, 4 and 5. */
    private Path results(String name, double executorShutdown, String executorBytes) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        String header = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\","
                + "\"Param: impl\",\"Param: order\",\"Param: threads\"\n";
        String row = "\"io.github.terminable.benchmarks.ShutdownBenchmark.shutdownAll\",\"ss\",1,15,%s,0,\"ms/op\",%s,request,100\n";
        Files.write(d.resolve("row2-1.csv"), (header + String.format(row, "10", "jdk") + String.format(row, "11", "reference")
                + String.format(row, executorShutdown, "executor")).getBytes(StandardCharsets.UTF_8));
        Files.write(d.resolve("row4.txt"), ("# RetainedMemory\n"
                + "live-threads impl=reference kind=platform threads=10000 plain-delta-bytes=1 terminable-delta-bytes=2"
                + " heap-extra-bytes-per-thread=118.0 histogram-extra-bytes-per-thread=119.7 target<=128 MET\n"
                + "live-threads impl=executor kind=platform threads=10000 plain-delta-bytes=1 terminable-delta-bytes=2"
                + " heap-extra-bytes-per-thread=168.0 histogram-extra-bytes-per-thread=" + executorBytes + " target<=128 MISSED\n")
                .getBytes(StandardCharsets.UTF_8));
        Path row5 = Files.createDirectories(d.resolve("row5"));
        Files.write(row5.resolve("summary.csv"), ("variant,mean_ms,stddev_ms,median_ms,min_ms,median_vs_daemon,"
                + "median_vs_closing,median_vs_guava,target_vs_closing,target_vs_guava,classes_jar,classes_jrt,"
                + "classes_generated,classes_cds,classes_total\n"
                + "closing,100,1,100,99,1.5,1.0,0.95,,,3,27,10,640,680\n"
                + "reference,110,1,105,100,1.6,1.05,0.99,MET,MET,50,54,23,746,873\n"
                + "executor,130,1,125,120,1.9,1.25,1.18,MISSED,MISSED,55,78,35,750,918\n").getBytes(StandardCharsets.UTF_8));
        return d;
    }

    @Test
    void readsEveryRowOfAResultDirectory() throws IOException {
        List<RatioChart.Mark> marks = RatioChart.read(results("jdk17", 13, "168.3"));

        assertThat(marks).extracting(RatioChart.Mark::row).containsExactly(2, 2, 4, 4, 5, 5, 5, 5);
        assertThat(marks).contains(
                new RatioChart.Mark(2, "request order, 100 threads", "executor", 17, 1.3, 1.3, 1.3, new Target(1.15, true), "x"),
                new RatioChart.Mark(4, "live platform thread", "executor", 17, 168.3, 168.3, 168.3, new Target(128, true), "B"),
                new RatioChart.Mark(5, "vs hand-written closing", "reference", 17, 1.05, 1.05, 1.05, new Target(1.10, true), "x"),
                new RatioChart.Mark(5, "vs Guava's exiting executor", "executor", 17, 1.18, 1.18, 1.18, new Target(1.0, true), "x"));
    }

    @Test
    void drawsOneMarkPerFigureImplementationAndJdkColouredByItsVerdict() throws Exception {
        List<RatioChart.Mark> marks = new ArrayList<>();
        marks.addAll(RatioChart.read(results("jdk17", 13, "168.3")));
        marks.addAll(RatioChart.read(results("jdk25", 10.5, "90.5")));
        // A second directory of JDK 25 (an older run, given first) must not add marks.
        List<RatioChart.Mark> withOld = new ArrayList<>(RatioChart.read(results("jdk25-old", 40, "500")));
        withOld.addAll(marks);

        String svg = RatioChart.render(withOld, "test & chart");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));

        // 8 marks per JDK: JDK 17 circles, JDK 25 diamonds (paths), plus one of each in the legend
        NodeList circles = doc.getElementsByTagName("circle");
        assertThat(circles.getLength()).isEqualTo(8 + 1);
        assertThat(svg).contains("test &amp; chart", "JDK 17", "JDK 25", "target ≤ 1.15×", "target ≤ 128 B",
                "vs Guava's exiting executor · executor  (≤ 1.0×)", "17: 1.30×", "25: 1.05×", "17: 168 B", "25: 91 B")
                .doesNotContain("500 B", "4.00×");
        // verdict colours: executor row 4 missed on 17 (red), met on 25 (green)
        assertThat(svg).containsPattern("fill=\"#c62828\">17: 168 B<").containsPattern("fill=\"#2e7d32\">25: 91 B<");
    }

    @Test
    void readsTheInterleavedRunsAsMarksOfRowsOneAndThreeWithTheirInterquartileRanges() throws IOException {
        Path d = Files.createDirectories(dir.resolve("jdk25"));
        Files.write(d.resolve("interleaved.txt"), List.of(
                "# Interleaved lifecycle-platform on Java 25: 1000 rounds x 20 calls per implementation, load average 1.1",
                "| workload | impl | median us/op | median ratio to jdk (time) | IQR of ratios |",
                "|---|---|---:|---:|---|",
                "| lifecycle-platform | jdk | 239.969 | 1.000 | 1.000\u20131.000 |",
                "| lifecycle-platform | reference | 240.388 | 1.050 | 0.814\u20131.192 |",
                "# Interleaved burst on Java 25: 1000 rounds x 10 calls of 1000 tasks per implementation",
                "| workload | impl | median us/op | median ratio to jdk (time) | IQR of ratios | throughput ratio (jdk time / impl time) |",
                "| burst | jdk | 0.235 | 1.000 | 1.000\u20131.000 | 1.000 |",
                "| burst | executor | 0.292 | 1.250 | 1.000\u20132.000 | 0.800 |"), StandardCharsets.UTF_8);

        List<RatioChart.Mark> marks = RatioChart.read(d);

        assertThat(marks).containsExactly(
                new RatioChart.Mark(1, "platform create+start+join, interleaved", "reference", 25, 1.05, 0.814, 1.192,
                        Targets.ROW1_PLATFORM, "x"),
                new RatioChart.Mark(3, "burst throughput, interleaved", "executor", 25, 0.8, 0.5, 1.0, Targets.ROW3, "x"));
    }

    @Test
    void anInterleavedWorkloadItDoesNotKnowIsRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RatioChart.interleaved(
                List.of("| warp-drive | reference | 1.0 | 1.000 | 0.900\u20131.100 |"), 17))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warp-drive");
    }

    @Test
    void everyTargetHasANameAndAnUnknownNameIsRefusedWithTheKnownOnes() {
        assertThat(Targets.named("row5-vs-closing")).isSameAs(Targets.ROW5_VS_CLOSING);
        assertThat(Targets.named("row4-bytes").bound()).isEqualTo(128);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Targets.named("row9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row9").hasMessageContaining("row5-vs-guava");
    }

    @Test
    void aDirectoryWithoutAJdkNameIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RatioChart.read(Files.createDirectories(dir.resolve("x"))))
                .hasMessageContaining("its name must be jdk<N>");
    }
}
