package io.github.terminable.reference;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Locations;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.reference.scenarios.MainReturns;
import io.github.terminable.reference.scenarios.ModulePathProbe;
import io.github.terminable.spi.TerminableProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This implementation as a packaged JVM sees it, in child JVMs running the programs of the
 * {@code scenarios} package: the JFR wiring loads no event class while nothing records, and the
 * provider is found on the module path through its own module declaration. The JVM-wide
 * coordinator's triggers (section 4) are checked by the TCK's child-JVM groups.
 */
class ChildJvmTest {

    /** Bound on a child's whole life; generous, since JVMs start slowly on a busy machine. */
    private static final Duration EXIT_BOUND = TckTime.seconds(60);

    @Test
    void withoutARecordingNoFlightRecorderEventClassIsLoaded(@TempDir Path dir) throws Exception {
        // rule 8.5 with nothing recording: creating the first event initialised JFR's metadata, ~100 ms
        // on every process exit (benchmarks/RESULTS.md, row 5); FlightRecorderEventsTest covers a running recording
        Path log = dir.resolve("class-load.log");
        ChildProcess r = ChildJvm.of(MainReturns.class).jvmFlags(List.of("-Xlog:class+load=info:file=" + log)).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdoutStartingWith("CALLBACK ")).as("the shutdown ran").hasSize(50);
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).as("class-load log").anyMatch(line -> line.contains(" " + FlightRecorderEvents.class.getName() + " "));
        assertThat(loaded).noneMatch(line -> line.contains(" " + PhaseChangeEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" " + OverrunEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" " + TerminationEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" jdk.jfr.Event "));
    }

    @Test
    void onTheModulePathTheProviderIsFoundThroughItsModuleDeclaration() throws Exception {
        String modulePath = String.join(File.pathSeparator, Locations.of(ReferenceProvider.class).toString(),
                Locations.of(TerminableProvider.class).toString());
        ChildProcess r = ChildJvm.command(List.of(ChildJvm.javaBinary().toString(), "-XX:TieredStopAtLevel=1",
                "--module-path", modulePath, "--add-modules", "io.github.terminable.api",
                "-cp", Locations.of(ChildJvmTest.class).toString(), ModulePathProbe.class.getName()))
                .run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).containsSubsequence("MODULE io.github.terminable.reference", "EXPORTS []",
                "CLEANUP modular-worker", "COMPLETED true");
    }
}
