package io.github.terminable.benchmarks;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.TckTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.terminable.Terminables;
import io.github.terminable.benchmarks.exit.ClosingLoopsMain;
import io.github.terminable.benchmarks.exit.DaemonLoopsMain;
import io.github.terminable.benchmarks.exit.EmptyMain;
import io.github.terminable.benchmarks.exit.GuavaExitingLoopsMain;
import io.github.terminable.benchmarks.exit.TerminableLoopsMain;
import io.github.terminable.benchmarks.memory.RetainedMemory;
import io.github.terminable.executor.ExecutorProvider;
import io.github.terminable.reference.ReferenceProvider;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.internal.InternalFutureFailureAccess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Smoke mode of the programs that are not JMH benchmarks: the retained-memory program (row 4)
 * and the whole-process exit programs and their script (row 5), each run in a child JVM with tiny
 * counts, asserting their output. Like the JMH smoke test, it keeps the code from rotting and
 * measures nothing worth reading, except what must hold at any size: a joined thread is
 * forgotten, and every loop of a program whose main returned is cleaned up before the JVM exits.
 *
 * <p>Its tests run concurrently (under the build's parallel configuration, root {@code pom.xml}):
 * each waits for its own child, writes into a directory of its own, and looks at nothing else in
 * this JVM. The launcher runs at most {@link ChildJvm#MAX_CONCURRENT} children at a time.
 */
@Execution(ExecutionMode.CONCURRENT)
class ProgramsSmokeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> EXACT_HEAP = List.of("-XX:+UseSerialGC", "-XX:MarkSweepDeadRatio=0",
            "-XX:-UseTLAB");

    @Test
    void retainedMemoryReportsEveryMeasurementOfBothImplementations() throws Exception {
        Result result = run(ChildJvm.of(RetainedMemory.class).jvmFlags(EXACT_HEAP)
                .args("--threads", "200", "--cycles", "2000", "--drivers", "2"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("# note:");
        for (String impl : Implementations.TERMINABLE) {
            String live = line(result.output(), "live-threads impl=" + impl + " ");
            assertThat(live).matches(".* threads=200 .*heap-extra-bytes-per-thread=-?\\d+\\.\\d .*"
                    + "histogram-extra-bytes-per-thread=-?\\d+\\.\\d target<=128 (MET|MISSED)");
            String cycles = line(result.output(), "cycles impl=" + impl + " ");
            assertThat(cycles).contains(" cycles=2000 ", " drivers=2 ", " live-after=0 ")
                    .matches(".* heap-retained-bytes=-?\\d+ histogram-retained-bytes=-?\\d+ "
                            + "terminable-instances-retained=\\d+ target=0 (MET|MISSED)");
        }
        // The reference implementation's per-thread objects are exact in a histogram.
        assertThat(number(line(result.output(), "live-threads impl=reference "), "histogram-extra-bytes-per-thread"))
                .isPositive();
    }

    @Test
    void retainedMemoryRejectsBadArguments() throws Exception {
        Result result = run(ChildJvm.of(RetainedMemory.class).args("--threads", "0"));

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("--threads must be a positive integer, got '0'", "usage: RetainedMemory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.github.terminable.reference.ReferenceProvider",
            "io.github.terminable.executor.ExecutorProvider"})
    void terminableLoopsProgramCleansUpEveryLoopAndExits(String provider) throws Exception {
        Result result = run(ChildJvm.of(TerminableLoopsMain.class)
                .property("io.github.terminable.provider", provider).args("10", "--verbose"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("started 10 terminable loops with ", "; main returns",
                "cleaned up 10 loops").doesNotContain("TERMINABLE-");
    }

    @Test
    void daemonLoopsProgramExits() throws Exception {
        Result result = run(ChildJvm.of(DaemonLoopsMain.class).args("10", "--verbose"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("started 10 daemon loops; main returns");
    }

    @Test
    void closingLoopsProgramCleansUpEveryExecutorBeforeItExits() throws Exception {
        Result result = run(ChildJvm.of(ClosingLoopsMain.class).args("10", "--verbose"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("started 10 executors; main closes them and returns",
                "cleaned up 10 executors");
    }

    @Test
    void guavaExitingLoopsProgramCleansUpEveryPoolInItsHooks() throws Exception {
        // Several runs: a cleanup that races with the JVM's halt is lost in some runs only.
        for (int run = 0; run < 3; run++) {
            Result result = run(ChildJvm.of(GuavaExitingLoopsMain.class).args("20", "--verbose"));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("started 20 guava exiting pools; main returns", "cleaned up 20 pools");
        }
    }

    @Test
    void processExitScriptTimesEveryVariant() throws Exception {
        Path out = Files.createTempDirectory(Paths.get("target"), "process-exit-smoke");
        Result result = processExit(System.getProperty("java.class.path"), Map.of(
                "TOOL", "loop", "RUNS", "1", "WARMUP", "0", "LOOPS", "10", "OUT", out.toAbsolutePath().toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("# check closing: started 10 executors", "cleaned up 10 executors",
                "# check guava: started 10 guava exiting pools; main returns cleaned up 10 pools",
                "# check reference: started 10 terminable loops with reference",
                "# check executor: started 10 terminable loops with executor", "cleaned up 10 loops");
        // variant, mean, stddev, median, min; / daemon, / closing, / guava; two verdicts; four class counts
        String times = "(\\| [\\d.]+ ){4}";
        String counts = "\\| [1-9]\\d* \\| \\d+ \\| \\d+ \\| [1-9]\\d* \\|";
        assertThat(result.output()).containsPattern("\\| floor " + times + "\\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| - \\| - " + counts)
                .containsPattern("\\| daemon " + times + "\\| 1\\.00 \\| [\\d.]+ \\| [\\d.]+ \\| - \\| - " + counts)
                .containsPattern("\\| closing " + times + "\\| [\\d.]+ \\| 1\\.00 \\| [\\d.]+ \\| - \\| - " + counts)
                .containsPattern("\\| guava " + times + "\\| [\\d.]+ \\| [\\d.]+ \\| 1\\.00 \\| - \\| - " + counts);
        for (String impl : Implementations.TERMINABLE) {
            assertThat(result.output()).containsPattern("\\| " + impl + " " + times
                    + "(\\| [\\d.]+ ){3}\\| [\\d.]+ (MET|MISSED) \\| [\\d.]+ (MET|MISSED) " + counts);
        }
        assertThat(result.output()).contains("# ratios: medians of the per-round ratios (paired runs, round-robin)");
        assertThat(out.resolve("results.csv")).isRegularFile();
        List<String> paired = Files.readAllLines(out.resolve("paired.csv"));
        assertThat(paired).hasSize(7).anyMatch(l -> l.matches("daemon,1\\.000000,[\\d.]+,[\\d.]+"))
                .anyMatch(l -> l.matches("closing,[\\d.]+,1\\.000000,[\\d.]+"))
                .anyMatch(l -> l.matches("guava,[\\d.]+,[\\d.]+,1\\.000000"));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary).hasSize(7);
        assertThat(summary.get(0)).startsWith("variant,mean_ms,").endsWith(",classes_jar,classes_jrt,classes_generated,classes_cds,classes_total");
        assertThat(summary.get(5)).startsWith("reference,").containsPattern(",(MET|MISSED),(MET|MISSED),[1-9]\\d*,\\d+,\\d+,\\d+,\\d+$");
        assertThat(out.resolve("summary.md")).isRegularFile();
        assertThat(out.resolve("guava.classes.log")).isRegularFile();
    }

    @Test
    void processExitScriptRunsEachImplementationAloneOnItsClassPathWithItsOwnAppCdsArchive() throws Exception {
        Path out = Files.createTempDirectory(Paths.get("target"), "process-exit-appcds-smoke");
        Map<String, String> env = new HashMap<>(Map.of("TOOL", "loop", "RUNS", "1", "WARMUP", "0", "LOOPS", "10",
                "APPCDS", "1", "OUT", out.toAbsolutePath().toString()));
        // As `mvn package` lays them out in target/exit-classpath: separate jars, one provider each.
        env.put("PROGRAMS_CP", jarOf(EmptyMain.class, out));
        env.put("GUAVA_CP", jarOf(MoreExecutors.class, out) + File.pathSeparator
                + jarOf(InternalFutureFailureAccess.class, out));
        env.put("REFERENCE_CP", jarOf(Terminables.class, out) + File.pathSeparator + jarOf(ReferenceProvider.class, out));
        env.put("EXECUTOR_CP", jarOf(Terminables.class, out) + File.pathSeparator + jarOf(ExecutorProvider.class, out));
        Result result = processExit(null, env);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("# class paths: programs ",
                "# check reference: started 10 terminable loops with reference",
                "# check executor: started 10 terminable loops with executor",
                "# check guava: started 10 guava exiting pools",
                "# AppCDS: every variant runs with its own dynamic archive", "cleaned up 10 executors")
                .doesNotContain("TERMINABLE-");
        // Each variant has only what it needs on its class path.
        assertThat(Files.readString(out.resolve("reference.classes.log"))).doesNotContain("com.google.common")
                .doesNotContain("io.github.terminable.executor.");
        assertThat(Files.readString(out.resolve("guava.classes.log"))).doesNotContain("io.github.terminable.reference.");
        for (String variant : List.of("floor", "daemon", "closing", "guava", "reference", "executor")) {
            assertThat(out.resolve(variant + ".jsa")).as(variant).isRegularFile();
        }
    }

    @Test
    void processExitScriptRefusesAppCdsWithADirectoryOnTheClassPath() throws Exception {
        Result result = processExit(System.getProperty("java.class.path"), Map.of("APPCDS", "1"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("APPCDS=1 needs a class path of jar files", "is not a file");
    }

    @Test
    void processExitScriptRejectsABadAppCdsSetting() throws Exception {
        Result result = processExit(System.getProperty("java.class.path"), Map.of("APPCDS", "yes"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("APPCDS must be 0 or 1, got 'yes'");
    }

    /**
     * Runs {@code process-exit.sh} on this JDK.
     *
     * @param classPath one class path for every variant ({@code BENCH_CP}), or {@code null} for
     *        the per-variant class paths in {@code env}
     * @param env further settings of the script
     * @return how it ended
     * @throws Exception if it cannot be run
     */
    private static Result processExit(String classPath, Map<String, String> env) throws Exception {
        Path script = Paths.get("process-exit.sh").toAbsolutePath();
        assertThat(script).isRegularFile();
        Map<String, String> all = new HashMap<>(env);
        all.put("JAVA", ChildJvm.javaBinary().toString());
        if (classPath != null) {
            all.put("BENCH_CP", classPath);
        }
        ChildJvm bash = ChildJvm.command(List.of("bash", script.toString()));
        all.forEach(bash::env);
        return run(bash);
    }

    /** The exit code of a finished child and its output: both streams, in the order they were read. */
    private record Result(int exitCode, String output) {
    }

    /**
     * Runs a child with the JVM's default flags (the programs measure memory and exit times) and
     * no input, and waits for it: at most {@code TIMEOUT}, scaled by the time factor.
     */
    private static Result run(ChildJvm child) throws Exception {
        try (ChildProcess process = child.withoutLightFlags().start()) {
            process.closeInput();
            int exitCode = process.awaitExit(TckTime.scaled(TIMEOUT));
            return new Result(exitCode, String.join("\n", process.output()));
        }
    }

    /**
     * The jar a class was loaded from; if it was loaded from a directory (the module's own classes
     * while its tests run), that directory packed into a jar in {@code dir}, as AppCDS requires.
     *
     * @param type a class
     * @param dir where to write a jar
     * @return the jar's path
     * @throws Exception if the location cannot be read or a jar cannot be written
     */
    private static String jarOf(Class<?> type, Path dir) throws Exception {
        Path location = Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(location)) {
            return location.toString();
        }
        Path jar = dir.resolve(type.getSimpleName() + "-classes.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(location)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(location.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar.toAbsolutePath().toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lifecycle-platform", "round-trip", "burst"})
    void interleavedReportsAMedianRatioForEveryImplementation(String workload) throws Exception {
        Result result = run(ChildJvm.of("io.github.terminable.benchmarks.interleaved.Interleaved").args(workload, "4", "2"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("| " + workload + " | jdk | ")
                .containsPattern("\\| " + workload + " \\| reference \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+–[\\d.]+ \\|")
                .containsPattern("\\| " + workload + " \\| executor \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+–[\\d.]+ \\|");
    }

    @Test
    void shutdownProfileRecordsEveryRoundButTheWarmUp() throws Exception {
        Path out = Files.createTempDirectory(Paths.get("target"), "shutdown-profile-smoke");
        String prefix = out.resolve("reference").toString();
        Result result = run(ChildJvm.of("io.github.terminable.benchmarks.profile.ShutdownProfile")
                .args("reference", "completion", "20", "2", prefix));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("round 0: reference, completion order, 20 threads, shutdown",
                "(warm-up, not recorded)", "round 1: reference, completion order, 20 threads, shutdown");
        assertThat(Paths.get(prefix + "-1.jfr")).isRegularFile();
        assertThat(Paths.get(prefix + "-0.jfr")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "reference", "executor"})
    void shutdownProfilePrintsEveryRoundsTimelineWithoutARecordingWhenThePrefixIsADash(String impl) throws Exception {
        int threads = 30;
        Result result = run(ChildJvm.of("io.github.terminable.benchmarks.profile.ShutdownProfile")
                .args(impl, "request", String.valueOf(threads), "2", "-"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("round 1: " + impl + ", request order, " + threads + " threads, shutdown",
                " (not recorded)").doesNotContain("recorded in");
        String timeline = line(result.output().lines().map(String::strip).collect(Collectors.joining("\n")), "timeline: ");
        double window = number(timeline, "window-ms");
        double phases = number(timeline, "hand-off-ms") + number(timeline, "requests-ms") + number(timeline, "drain-ms")
                + number(timeline, "completion-ms");
        // The four phases partition the window: each is measured between two of its five instants.
        assertThat(phases).isCloseTo(window, within(0.05));
        assertThat(number(timeline, "median-woke-to-ended-us")).isNotNegative();
        assertThat(number(timeline, "collections")).isNotNegative();
    }

    @Test
    void jdkThreadCostsMeasuresInterruptAndExit() throws Exception {
        Result result = run(ChildJvm.of("io.github.terminable.benchmarks.profile.JdkThreadCosts").args("20"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("threads=20 round=2 interrupt-us-per-call=[\\d.]+ ")
                .containsPattern("threads=20 exit: interrupt-us-per-call=[\\d.]+ all-ended-ms=[\\d.]+");
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + output));
    }

    private static double number(String line, String key) {
        Matcher m = Pattern.compile(" " + Pattern.quote(key) + "=(-?[\\d.]+)").matcher(line);
        assertThat(m.find()).as(key + " in " + line).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
