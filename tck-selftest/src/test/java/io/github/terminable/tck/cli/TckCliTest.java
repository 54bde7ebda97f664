package io.github.terminable.tck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.broken.Broken;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Locations;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner: a passing run against the reference implementation, a failing run against a
 * broken one (in a child JVM, since the provider is chosen once per JVM), and a usage error.
 */
class TckCliTest {

    @Test
    void aPassingRunPrintsTheTableTheFinalLineAndWritesBothReports(@TempDir Path dir) throws Exception {
        // One rule whose tests are few and quick: the run checks the runner's output, not the rule.
        int status = TckCli.run(new String[] {"--rule", "1.5", "--report-dir", dir.toString()});

        assertThat(status).isZero();
        String report = Files.readString(dir.resolve("terminable-tck-report.md"), StandardCharsets.UTF_8);
        assertThat(report).contains("| 1.5 | A request after the thread has ended is a no-op | required | passed |");
        assertThat(report).containsPattern("\\| 4\\.10 \\|[^\\n]*\\| not run \\|");
        assertThat(report.strip().lines().reduce((a, b) -> b).orElseThrow()).matches("[1-9]\\d* passed, 0 failed");
        assertThat(dir.resolve("TEST-junit-jupiter.xml")).exists();
    }

    @Test
    void aFailingRunNamesTheRuleAndExitsWithOne(@TempDir Path dir) throws Exception {
        ChildProcess runner = ChildJvm.of(TckCli.class).withoutLightFlags()
                .args("--provider", Broken.FifoOrder.class.getName(), "--rule", "3.2.c", "--report-dir", dir.toString())
                .run(TckTime.testTimeout());
        List<String> lines = runner.output();
        assertThat(runner.exitValue()).as(runner.describe()).isEqualTo(1);
        assertThat(lines).anyMatch(l -> l.startsWith("| 3.2 |") && l.contains("**failed**"));
        assertThat(lines.get(lines.size() - 1)).matches("\\d+ passed, [1-9]\\d* failed(, \\d+ skipped)?");
    }

    @Test
    void withClassPathTheRunnerRelaunchesItselfWithTheImplementation(@TempDir Path dir) throws Exception {
        String reference = Locations.of(io.github.terminable.reference.ReferenceProvider.class).toString();
        List<String> withoutImplementation = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.equals(reference)) {
                withoutImplementation.add(entry);
            }
        }
        ChildProcess runner = ChildJvm.of(TckCli.class).withoutLightFlags().classPath(withoutImplementation)
                .args("--class-path", reference, "--rule", "1.5", "--report-dir", dir.toString())
                .run(TckTime.testTimeout());
        List<String> lines = runner.output();
        assertThat(runner.exitValue()).as(runner.describe()).isZero();
        assertThat(lines).anyMatch(l -> l.contains("implementation 'reference'"));
        assertThat(lines.get(lines.size() - 1)).matches("[1-9]\\d* passed, 0 failed");
    }

    @Test
    void aUsageErrorExitsWithTwo() {
        assertThat(TckCli.run(new String[] {"--no-such-option"})).isEqualTo(2);
        assertThat(TckCli.run(new String[] {"--rule"})).isEqualTo(2);
        assertThat(TckCli.run(new String[] {"--help"})).isZero();
    }
}
