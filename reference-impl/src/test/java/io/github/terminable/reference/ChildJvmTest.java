package io.github.terminable.reference;

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
    private static final long EXIT_BOUND_SECONDS = 60;

    private static List<String> reversedNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            names.add("CALLBACK worker-" + i);
        }
        return names;
    }

    private static void assertEveryWorkerCleanedUp(ChildJvm.Result r, int count) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add("CLEANUP worker-" + i);
        }
        assertThat(r.linesStartingWith("CLEANUP worker-")).as(r.toString()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void mainReturnsWhileFiftyThreadsRun() throws Exception {
        ChildJvm.Result r = ChildJvm.start(MainReturns.class).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.linesStartingWith("CALLBACK ")).as("reverse registration order").containsExactlyElementsOf(reversedNames(50));
        assertEveryWorkerCleanedUp(r, 50);
        assertThat(r.stderrText()).doesNotContain("TERMINABLE-");
    }

    @Test
    void withoutARecordingNoFlightRecorderEventClassIsLoaded(@TempDir Path dir) throws Exception {
        // rule 8.5 with nothing recording: creating the first event initialised JFR's metadata, ~100 ms
        // on every process exit (benchmarks/RESULTS.md, row 5); JfrEventsTest covers a running recording
        Path log = dir.resolve("class-load.log");
        ChildJvm.Result r = ChildJvm.start(MainReturns.class, "-Xlog:class+load=info:file=" + log).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.linesStartingWith("CALLBACK ")).as("the shutdown ran").hasSize(50);
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).as("class-load log").anyMatch(line -> line.contains(" " + JfrEvents.class.getName() + " "));
        assertThat(loaded).noneMatch(line -> line.contains(" " + PhaseChangeEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" " + OverrunEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" " + TerminationEvent.class.getName() + " "))
                .noneMatch(line -> line.contains(" jdk.jfr.Event "));
    }

    @Test
    void mainThrows() throws Exception {
        ChildJvm.Result r = ChildJvm.start(MainThrows.class).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderrText()).contains("main failed on purpose");
        assertThat(r.linesStartingWith("CALLBACK ")).containsExactlyElementsOf(reversedNames(3));
        assertEveryWorkerCleanedUp(r, 3);
    }

    @Test
    void systemExitTakesTheHookPath() throws Exception {
        ChildJvm.Result r = ChildJvm.start(ExitsWithThree.class).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.linesStartingWith("CALLBACK ")).as(r.toString()).containsExactlyElementsOf(reversedNames(5));
        assertEveryWorkerCleanedUp(r, 5);
        assertThat(r.stderrText()).doesNotContain("TERMINABLE-DEADLINE");
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
        ChildJvm child = ChildJvm.start(WaitsForSignal.class).awaitLine("READY"::equals, EXIT_BOUND_SECONDS);
        if (signal.equals("TERM")) {
            child.sigterm();
        } else {
            child.signal(signal);
        }
        ChildJvm.Result r = child.awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(expectedExit);
        assertThat(r.linesStartingWith("CALLBACK ")).as(r.toString()).containsExactlyElementsOf(reversedNames(5));
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
        ChildJvm child = ChildJvm.start(ServerStillRunning.class, "-Dio.github.terminable.reportKeepAliveThreads=true");
        // The watcher reports the server as the thread keeping the JVM alive once main has ended.
        child.awaitLine(l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("\"server\""), EXIT_BOUND_SECONDS);
        int port = Integer.parseInt(child.awaitLine(l -> l.startsWith("PORT="), EXIT_BOUND_SECONDS)
                .firstLine(l -> l.startsWith("PORT=")).substring("PORT=".length()));
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // connecting ends the server thread
        }
        ChildJvm.Result r = child.awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        int serverEnded = r.indexOf("SERVER-ENDED");
        assertThat(serverEnded).as(r.toString()).isNotNegative();
        assertThat(r.out().subList(0, serverEnded)).as("nothing terminated while the server ran: " + r)
                .noneMatch(l -> l.startsWith("CALLBACK") || l.startsWith("CLEANUP"));
        assertThat(r.linesStartingWith("CALLBACK ")).containsExactlyElementsOf(reversedNames(3));
        assertEveryWorkerCleanedUp(r, 3);
    }

    @Test
    void onTheQuiescencePathCallbacksAndListenersFinishBeforeTheJvmHooks() throws Exception {
        ChildJvm.Result r = ChildJvm.start(CallbackTailBeforeHooks.class).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsSubsequence("LISTENER OPEN->TERMINATING QUIESCENCE",
                "CALLBACK-TAIL tail-1", "CALLBACK-TAIL tail-0", "LISTENER TERMINATING->TERMINATED QUIESCENCE", "JVM-HOOK");
    }

    @Test
    void aThreadThatIgnoresTerminationGetsADeadlineReportAndTheJvmStillExits() throws Exception {
        ChildJvm.Result r = ChildJvm.start(StubbornThread.class, "-Dio.github.terminable.shutdownDeadline=500ms",
                "-Dio.github.terminable.callbackTimeout=200ms").awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.out()).contains("IGNORED-INTERRUPT");
        String err = r.stderrText();
        assertThat(err).as(r.toString()).contains("TERMINABLE-DEADLINE").contains("\"stubborn\"")
                .contains(StubbornThread.class.getName() + ".ignoreEveryInterrupt(");
    }

    @Test
    void aCallbackThatCallsSystemExitDoesNotDeadlock() throws Exception {
        ChildJvm.Result r = ChildJvm.start(ExitFromCallback.class, "-Dio.github.terminable.callbackTimeout=300ms")
                .awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.out()).contains("CALLBACK exiter calls System.exit(7)", "CLEANUP exiter");
        assertThat(r.linesStartingWith("CALLBACK worker-")).as("the callbacks after the blocked one still ran")
                .containsExactly("CALLBACK worker-1", "CALLBACK worker-0");
        assertEveryWorkerCleanedUp(r, 2);
    }

    @Test
    void theGlobalCoordinatorIsInstalledLazilyWithOneWatcherAndOneHook() throws Exception {
        ChildJvm.Result r = ChildJvm.start(LazyInstall.class, "--add-opens", "java.base/java.lang=ALL-UNNAMED")
                .awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsSubsequence("BEFORE threads=0 hooks=0",
                "AFTER threads=1 hooks=1 instances=1");
    }

    @Test
    void invalidSettingsAreRejectedByNameAndInstallNothing() throws Exception {
        ChildJvm.Result r = ChildJvm.start(BadSettings.class, "-Dio.github.terminable.callbackTimeout=-5s")
                .awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.linesStartingWith("REJECTED")).as(r.toString()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("io.github.terminable.callbackTimeout"));
        assertThat(r.out()).contains("THREADS 0");
    }

    @Test
    void onTheModulePathTheProviderIsFoundThroughItsModuleDeclaration() throws Exception {
        String modulePath = String.join(File.pathSeparator, ChildJvm.location(ReferenceProvider.class),
                ChildJvm.location(TerminableProvider.class));
        ChildJvm.Result r = ChildJvm.start(List.of(ChildJvm.javaBinary(), "-XX:TieredStopAtLevel=1",
                "--module-path", modulePath, "--add-modules", "io.github.terminable.api",
                "-cp", ChildJvm.location(ChildJvmTest.class), ModulePathProbe.class.getName()))
                .awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsSubsequence("MODULE io.github.terminable.reference", "EXPORTS []",
                "CLEANUP modular-worker", "COMPLETED true");
    }
}
