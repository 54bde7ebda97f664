package io.github.terminable.reference;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Locations;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.reference.scenarios.BadSettings;
import io.github.terminable.reference.scenarios.CallbackTailBeforeHooks;
import io.github.terminable.reference.scenarios.ExitFromCallback;
import io.github.terminable.reference.scenarios.ExitsWithThree;
import io.github.terminable.reference.scenarios.LazyInstall;
import io.github.terminable.reference.scenarios.MainReturns;
import io.github.terminable.reference.scenarios.MainThrows;
import io.github.terminable.reference.scenarios.ModulePathProbe;
import io.github.terminable.reference.scenarios.ServerStillRunning;
import io.github.terminable.reference.scenarios.StubbornThread;
import io.github.terminable.reference.scenarios.WaitsForSignal;
import io.github.terminable.spi.TerminableProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The JVM-wide coordinator's triggers, in child JVMs running the programs of the
 * {@code scenarios} package (section 4). Each test asserts the exit code, that the child exited
 * within a bound, and what the cleanup wrote.
 */
class ChildJvmTest {

    /** Bound on a child's whole life; generous, since JVMs start slowly on a busy machine. */
    private static final Duration EXIT_BOUND = TckTime.seconds(60);

    private static List<String> reversedNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            names.add("CALLBACK worker-" + i);
        }
        return names;
    }

    private static void assertEveryWorkerCleanedUp(ChildProcess r, int count) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add("CLEANUP worker-" + i);
        }
        assertThat(r.stdoutStartingWith("CLEANUP worker-")).as(r.describe()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void mainReturnsWhileFiftyThreadsRun() throws Exception {
        ChildProcess r = ChildJvm.of(MainReturns.class).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdoutStartingWith("CALLBACK ")).as("reverse registration order").containsExactlyElementsOf(reversedNames(50));
        assertEveryWorkerCleanedUp(r, 50);
        assertThat(String.join("\n", r.stderr())).doesNotContain("TERMINABLE-");
    }

    @Test
    void withoutARecordingNoFlightRecorderEventClassIsLoaded(@TempDir Path dir) throws Exception {
        // rule 8.5 with nothing recording: creating the first event initialised JFR's metadata, ~100 ms
        // on every process exit (benchmarks/RESULTS.md, row 5); JfrEventsTest covers a running recording
        Path log = dir.resolve("class-load.log");
        ChildProcess r = ChildJvm.of(MainReturns.class).jvmFlags(List.of("-Xlog:class+load=info:file=" + log)).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdoutStartingWith("CALLBACK ")).as("the shutdown ran").hasSize(50);
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).as("class-load log").anyMatch(line -> line.contains(" " + JfrEvents.class.getName() + " "));
        assertThat(loaded).noneMatch(line -> line.contains(" " + PhaseChangeEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" " + OverrunEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" " + TerminationEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" jdk.jfr.Event "));
    }

    @Test
    void mainThrows() throws Exception {
        ChildProcess r = ChildJvm.of(MainThrows.class).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(1);
        assertThat(String.join("\n", r.stderr())).contains("main failed on purpose");
        assertThat(r.stdoutStartingWith("CALLBACK ")).containsExactlyElementsOf(reversedNames(3));
        assertEveryWorkerCleanedUp(r, 3);
    }

    @Test
    void systemExitTakesTheHookPath() throws Exception {
        ChildProcess r = ChildJvm.of(ExitsWithThree.class).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdoutStartingWith("CALLBACK ")).as(r.describe()).containsExactlyElementsOf(reversedNames(5));
        assertEveryWorkerCleanedUp(r, 5);
        assertThat(String.join("\n", r.stderr())).doesNotContain("TERMINABLE-DEADLINE");
    }

    @ParameterizedTest(name = "SIG{0} exits with {1}")
    @CsvSource({"TERM, 143", "INT, 130", "HUP, 129"})
    @EnabledOnOs(OS.LINUX)
    void signalsTakeTheHookPath(String signal, int expectedExit) throws Exception {
        // A signal ignored on entry stays ignored in every child, and the JVM installs no handler
        // for it: under nohup (HUP) or as a background job of a non-interactive shell (INT) the
        // child would never see it.
        assumeFalse(isIgnoredByThisProcess(signal), "SIG" + signal + " is ignored by this process's environment"
                + " (inherited SIG_IGN, e.g. nohup or a background job), so a child JVM never handles it");
        ChildProcess child = ChildJvm.of(WaitsForSignal.class).start();
        child.awaitOutputLine("READY", "READY"::equals, EXIT_BOUND);
        if (signal.equals("TERM")) {
            child.terminate();
        } else {
            child.signal(signal);
        }
        child.awaitExit(EXIT_BOUND);
        ChildProcess r = child;
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(expectedExit);
        assertThat(r.stdoutStartingWith("CALLBACK ")).as(r.describe()).containsExactlyElementsOf(reversedNames(5));
        assertEveryWorkerCleanedUp(r, 5);
    }

    /** Whether {@code signal} is in this process's ignored-signal mask (Linux {@code /proc}). */
    private static boolean isIgnoredByThisProcess(String signal) throws Exception {
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> throw new IllegalArgumentException("no signal number known for SIG" + signal);
        };
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    @Test
    void aNonTerminableServerThreadKeepsEverythingRunningUntilItEnds() throws Exception {
        ChildProcess child = ChildJvm.of(ServerStillRunning.class).jvmFlags(List.of("-Dio.github.terminable.reportKeepAliveThreads=true")).start();
        // The watcher reports the server as the thread keeping the JVM alive once main has ended.
        child.awaitOutputLine("the keep-alive report", l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("\"server\""),
                EXIT_BOUND);
        int port = Integer.parseInt(child.awaitOutputLine("the port", l -> l.startsWith("PORT="), EXIT_BOUND)
                .substring("PORT=".length()));
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // connecting ends the server thread
        }
        child.awaitExit(EXIT_BOUND);
        ChildProcess r = child;
        assertThat(r.exitValue()).as(r.describe()).isZero();
        int serverEnded = r.stdout().indexOf("SERVER-ENDED");
        assertThat(serverEnded).as(r.describe()).isNotNegative();
        assertThat(r.stdout().subList(0, serverEnded)).as("nothing terminated while the server ran: " + r.describe())
                .noneMatch(l -> l.startsWith("CALLBACK") || l.startsWith("CLEANUP"));
        assertThat(r.stdoutStartingWith("CALLBACK ")).containsExactlyElementsOf(reversedNames(3));
        assertEveryWorkerCleanedUp(r, 3);
    }

    @Test
    void onTheQuiescencePathCallbacksAndListenersFinishBeforeTheJvmHooks() throws Exception {
        ChildProcess r = ChildJvm.of(CallbackTailBeforeHooks.class).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).containsSubsequence("LISTENER OPEN->TERMINATING QUIESCENCE",
                "CALLBACK-TAIL tail-1", "CALLBACK-TAIL tail-0", "LISTENER TERMINATING->TERMINATED QUIESCENCE", "JVM-HOOK");
    }

    @Test
    void aThreadThatIgnoresTerminationGetsADeadlineReportAndTheJvmStillExits() throws Exception {
        ChildProcess r = ChildJvm.of(StubbornThread.class).jvmFlags(List.of("-Dio.github.terminable.shutdownDeadline=500ms",
                "-Dio.github.terminable.callbackTimeout=200ms")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(5);
        assertThat(r.stdout()).contains("IGNORED-INTERRUPT");
        String err = String.join("\n", r.stderr());
        assertThat(err).as(r.describe()).contains("TERMINABLE-DEADLINE").contains("\"stubborn\"")
                .contains(StubbornThread.class.getName() + ".ignoreEveryInterrupt(");
    }

    @Test
    void aCallbackThatCallsSystemExitDoesNotDeadlock() throws Exception {
        ChildProcess r = ChildJvm.of(ExitFromCallback.class).jvmFlags(List.of("-Dio.github.terminable.callbackTimeout=300ms")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(7);
        assertThat(r.stdout()).contains("CALLBACK exiter calls System.exit(7)", "CLEANUP exiter");
        assertThat(r.stdoutStartingWith("CALLBACK worker-")).as("the callbacks after the blocked one still ran")
                .containsExactly("CALLBACK worker-1", "CALLBACK worker-0");
        assertEveryWorkerCleanedUp(r, 2);
    }

    @Test
    void theGlobalCoordinatorIsInstalledLazilyWithOneWatcherAndOneHook() throws Exception {
        ChildProcess r = ChildJvm.of(LazyInstall.class).jvmFlags(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).containsSubsequence("BEFORE threads=0 hooks=0",
                "AFTER threads=1 hooks=1 instances=1");
    }

    @Test
    void invalidSettingsAreRejectedByNameAndInstallNothing() throws Exception {
        ChildProcess r = ChildJvm.of(BadSettings.class).jvmFlags(List.of("-Dio.github.terminable.callbackTimeout=-5s")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdoutStartingWith("REJECTED")).as(r.describe()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("io.github.terminable.callbackTimeout"));
        assertThat(r.stdout()).contains("THREADS 0");
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
