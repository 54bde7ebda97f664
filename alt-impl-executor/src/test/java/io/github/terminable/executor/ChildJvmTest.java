package io.github.terminable.executor;

import io.github.terminable.executor.programs.CallbackCallsExit;
import io.github.terminable.executor.programs.CallbackOutlivesLastThread;
import io.github.terminable.executor.programs.Discovery;
import io.github.terminable.executor.programs.ExitsWithStatus;
import io.github.terminable.executor.programs.GlobalInstalledAfterMain;
import io.github.terminable.executor.programs.LastThreadHeldPastDeadline;
import io.github.terminable.executor.programs.QuiescenceMissesDeadline;
import io.github.terminable.executor.programs.MainReturns;
import io.github.terminable.executor.programs.ServerKeepsAlive;
import io.github.terminable.executor.programs.StubbornThread;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.terminable.executor.TestSupport.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/** The JVM-wide triggers, with the real {@code java} binary (section 4). */
class ChildJvmTest {

    /** Generous bound for a child JVM to start, do its work and exit. */
    private static final Duration EXIT_BOUND = scaled(Duration.ofSeconds(30));

    private static List<String> expectedInReverse(String prefix, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            lines.add(prefix + i);
        }
        return lines;
    }

    @Test
    void mainReturnsAndTwentyTerminableThreadsAreTerminatedInReverseOrderBeforeTheJvmHooks() throws Exception {
        try (ChildJvm child = ChildJvm.start(MainReturns.class, List.of(), "20")) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            List<String> lines = child.stdoutLines();
            assertThat(lines).filteredOn(l -> l.startsWith("callback ")).containsExactlyElementsOf(
                    expectedInReverse("callback ", 20));
            assertThat(lines).filteredOn(l -> l.startsWith("cleanup ")).hasSize(20);
            assertThat(lines).filteredOn(l -> l.startsWith("callback-done ")).hasSize(20);
            assertThat(lines).contains("phase TERMINATING QUIESCENCE", "phase TERMINATED QUIESCENCE");
            // Rule 4.11: every cleanup ran before the JVM started its own shutdown hooks.
            assertThat(lines.get(lines.size() - 1)).isEqualTo("jvm-hook");
            assertThat(lines.indexOf("phase TERMINATED QUIESCENCE")).isLessThan(lines.indexOf("jvm-hook"));
            assertThat(child.stderr()).doesNotContain("TERMINABLE-DEADLINE").doesNotContain("TERMINABLE-SETTINGS")
                    .doesNotContain("TERMINABLE-NO-MAIN");
        }
    }

    @Test
    void aCallbackStillRunningAfterTheLastThreadEndedFinishesBeforeTheJvmHooks() throws Exception {
        // The callback ends its thread, sees it ENDED, then runs on for up to `window`, waiting to
        // hear of a JVM hook. Without the hold on the last platform thread, the JVM starts its hooks
        // at once and the hook sees TERMINATING (rule 4.11).
        long window = scaled(Duration.ofMillis(1500)).toMillis();
        try (ChildJvm child = ChildJvm.start(CallbackOutlivesLastThread.class,
                List.of("-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofSeconds(20)).toMillis() + "ms",
                        "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofSeconds(30)).toMillis() + "ms"),
                Long.toString(window))) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(child.stdoutLines()).containsExactly("main-returned", "cleanup",
                    "callback-returns hook-started=false", "jvm-hook phase TERMINATED");
            assertThat(child.stderr()).doesNotContain("TERMINABLE-DEADLINE");
        }
    }

    @Test
    void mainThrowsAndTheThreadsAreStillTerminated() throws Exception {
        try (ChildJvm child = ChildJvm.start(MainReturns.class, List.of(), "3", "throw")) {
            assertThat(child.awaitExit(EXIT_BOUND)).isNotZero();
            assertThat(child.stdoutLines()).filteredOn(l -> l.startsWith("callback "))
                    .containsExactlyElementsOf(expectedInReverse("callback ", 3));
            assertThat(child.stdoutLines()).filteredOn(l -> l.startsWith("cleanup ")).hasSize(3);
            assertThat(child.stderr()).contains("main-threw");
        }
    }

    @Test
    void systemExitRunsTheTerminatePhaseFromTheHookAndKeepsTheStatus() throws Exception {
        try (ChildJvm child = ChildJvm.start(ExitsWithStatus.class, List.of())) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isEqualTo(3);
            List<String> lines = child.stdoutLines();
            assertThat(lines).filteredOn(l -> l.startsWith("callback ")).containsExactlyElementsOf(
                    expectedInReverse("callback ", 5));
            assertThat(lines).filteredOn(l -> l.startsWith("cleanup ")).hasSize(5);
            assertThat(lines).contains("phase TERMINATING JVM_EXIT", "phase TERMINATED JVM_EXIT");
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // Process.destroy() is SIGTERM only on Unix-like systems
    void sigtermTakesTheHookPath() throws Exception {
        try (ChildJvm child = ChildJvm.start(ExitsWithStatus.class, List.of(), "wait")) {
            child.awaitOutput("ready", false);
            child.process().destroy(); // SIGTERM
            assertThat(child.awaitExit(EXIT_BOUND)).isEqualTo(143);
            assertThat(child.stdoutLines()).filteredOn(l -> l.startsWith("callback "))
                    .containsExactlyElementsOf(expectedInReverse("callback ", 5));
            assertThat(child.stdoutLines()).contains("phase TERMINATING JVM_EXIT");
        }
    }

    @Test
    void aNonTerminableNonDaemonThreadKeepsEverythingAliveUntilItEnds() throws Exception {
        List<String> options = List.of("-Dio.github.terminable.reportKeepAliveThreads=true");
        try (ChildJvm child = ChildJvm.start(ServerKeepsAlive.class, options)) {
            // The watcher has looked after main ended, and found the server blocking.
            child.awaitOutput("TERMINABLE-KEEPALIVE", true);
            assertThat(child.stderr()).contains("'server'").doesNotContain("'worker'");
            assertThat(child.stdout()).doesNotContain("callback worker");
            child.writeLine("stop");
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            List<String> lines = child.stdoutLines();
            assertThat(lines).contains("server-saw-requested=false", "callback worker", "cleanup worker");
            assertThat(lines.indexOf("server-saw-requested=false")).isLessThan(lines.indexOf("callback worker"));
        }
    }

    @Test
    void aThreadIgnoringTerminationIsReportedAtTheDeadlineAndTheJvmStillExits() throws Exception {
        Duration deadline = scaled(Duration.ofMillis(500));
        List<String> options = List.of("-Dio.github.terminable.shutdownDeadline=" + deadline.toMillis() + "ms");
        try (ChildJvm child = ChildJvm.start(StubbornThread.class, options)) {
            assertThat(child.awaitExit(EXIT_BOUND)).isZero();
            assertThat(child.stderr()).contains("TERMINABLE-DEADLINE: ").contains("did NOT complete")
                    .contains("\"stubborn\"").contains("Programs.ignoreTermination");
            // Rule 9.2: the default callbackTimeout (5 s) is not shorter than this deadline.
            assertThat(occurrences(child.stderr(), "TERMINABLE-SETTINGS")).isEqualTo(1);
        }
    }

    @Test
    void aBlockedDeadlineListenerDoesNotHoldTheHook() throws Exception {
        Duration deadline = scaled(Duration.ofMillis(500));
        List<String> options = List.of("-Dio.github.terminable.shutdownDeadline=" + deadline.toMillis() + "ms",
                "-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofMillis(200)).toMillis() + "ms");
        try (ChildJvm child = ChildJvm.start(StubbornThread.class, options, "block-listener")) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(child.stdoutLines()).contains("listener-called");
            assertThat(occurrences(child.stderr(), "TERMINABLE-DEADLINE")).isEqualTo(1);
        }
    }

    private static int occurrences(String text, String code) {
        return text.split(code, -1).length - 1;
    }

    /** Rule 4.12: the watcher reports the missed deadline once and exits with the status; the hook returns at once. */
    @Test
    void aQuiescenceShutdownThatMissesItsDeadlineExitsWithTheConfiguredStatus() throws Exception {
        List<String> options = List.of(
                "-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofMillis(200)).toMillis() + "ms",
                "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofMillis(800)).toMillis() + "ms",
                "-Dio.github.terminable.deadlineExitStatus=3");
        try (ChildJvm child = ChildJvm.start(QuiescenceMissesDeadline.class, options)) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isEqualTo(3);
            String err = child.stderr();
            assertThat(occurrences(err, "TERMINABLE-DEADLINE")).as(err).isEqualTo(1);
            assertThat(err).contains("(QUIESCENCE) did NOT complete").contains("\"stubborn\"")
                    .doesNotContain("TERMINABLE-SETTINGS").doesNotContain("TERMINABLE-NO-MAIN");
            List<String> lines = child.stdoutLines();
            assertThat(lines).contains("phase TERMINATING QUIESCENCE", "deadlineMissed QUIESCENCE 1 on-daemon=true",
                    "jvm-hook").doesNotContain("stubborn-ends");
            assertThat(lines.indexOf("deadlineMissed QUIESCENCE 1 on-daemon=true")).isLessThan(lines.indexOf("jvm-hook"));
        }
    }

    /** Rule 4.12 with {@code none}: report only; the hold is released and the JVM exits when the thread ends. */
    @Test
    void withoutAnExitStatusTheQuiescenceDeadlineIsOnlyReported() throws Exception {
        List<String> options = List.of(
                "-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofMillis(200)).toMillis() + "ms",
                "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofMillis(800)).toMillis() + "ms",
                "-Dio.github.terminable.deadlineExitStatus=none");
        try (ChildJvm child = ChildJvm.start(QuiescenceMissesDeadline.class, options, "release")) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            String err = child.stderr();
            assertThat(occurrences(err, "TERMINABLE-DEADLINE")).as(err).isEqualTo(1);
            // The hold of the last thread ended with the report, so the JVM's hooks may run before
            // the shutdown completes (rule 4.11 as changed by 4.12): no order after the thread's end.
            assertThat(child.stdoutLines()).containsSubsequence("deadlineMissed QUIESCENCE 1 on-daemon=true",
                    "stubborn-ends").contains("jvm-hook");
        }
    }

    /**
     * Rule 4.11 as changed by 4.12: the last thread's hold ends with the deadline report, so with
     * {@code none} the JVM exits at the deadline, not when the blocked callback finally overruns.
     */
    @Test
    void theLastThreadsHoldEndsWithTheQuiescenceDeadlineReport() throws Exception {
        Duration callbackTimeout = scaled(Duration.ofSeconds(60));
        List<String> options = List.of("-Dio.github.terminable.callbackTimeout=" + callbackTimeout.toMillis() + "ms",
                "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofMillis(800)).toMillis() + "ms",
                "-Dio.github.terminable.deadlineExitStatus=none");
        long start = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(LastThreadHeldPastDeadline.class, options)) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(callbackTimeout.dividedBy(2));
            assertThat(occurrences(child.stderr(), "TERMINABLE-DEADLINE")).as(child.stderr()).isEqualTo(1);
            assertThat(child.stdoutLines()).containsSubsequence("main-returned", "cleanup held", "jvm-hook");
        }
    }

    /** Rule 4.13: no main thread at install is said once; quiescence still works. */
    @Test
    void aGlobalInstalledAfterMainEndedSaysSoAndStillTerminatesAtQuiescence() throws Exception {
        try (ChildJvm child = ChildJvm.start(GlobalInstalledAfterMain.class, List.of())) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(occurrences(child.stderr(), "TERMINABLE-NO-MAIN")).isEqualTo(1);
            assertThat(child.stdoutLines()).containsSubsequence("late-returns", "cleanup worker");
        }
    }

    @Test
    void aCallbackThatCallsSystemExitDoesNotDeadlock() throws Exception {
        List<String> options = List.of("-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofMillis(300)).toMillis()
                + "ms", "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofSeconds(5)).toMillis() + "ms");
        try (ChildJvm child = ChildJvm.start(CallbackCallsExit.class, options)) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isEqualTo(7);
            assertThat(child.stdoutLines()).containsSubsequence("callback exiter", "callback first");
            assertThat(child.stdoutLines()).contains("cleanup first", "cleanup exiter");
            assertThat(child.stderr()).doesNotContain("TERMINABLE-DEADLINE");
        }
    }

    @Test
    void theProviderIsFoundOnTheClassPathAndTheModulePathAndInstallsNothingUntilGlobal() throws Exception {
        try (ChildJvm child = ChildJvm.start(Discovery.class, List.of())) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(child.stdoutLines()).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named false", "watcher-before-global false", "watcher-after-global true");
        }
        try (ChildJvm child = ChildJvm.startOnModulePath(Discovery.class)) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(child.stdoutLines()).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named true");
        }
        // Rule 7.1 on the module path: the named provider is found among the declared services,
        // although its package is not exported.
        try (ChildJvm child = ChildJvm.startOnModulePath(Discovery.class,
                "-Dio.github.terminable.provider=io.github.terminable.executor.ExecutorProvider")) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(child.stderr()).isZero();
            assertThat(child.stdoutLines()).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named true");
        }
    }
}
