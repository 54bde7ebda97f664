package io.github.terminable.executor;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.TckTime;
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

import static io.github.terminable.executor.TestSupport.onModulePath;
import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
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
        try (ChildProcess child = ChildJvm.of(MainReturns.class).args("20").start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            List<String> lines = child.stdout();
            assertThat(lines).filteredOn(l -> l.startsWith("callback ")).containsExactlyElementsOf(
                    expectedInReverse("callback ", 20));
            assertThat(lines).filteredOn(l -> l.startsWith("cleanup ")).hasSize(20);
            assertThat(lines).filteredOn(l -> l.startsWith("callback-done ")).hasSize(20);
            assertThat(lines).contains("phase TERMINATING QUIESCENCE", "phase TERMINATED QUIESCENCE");
            // Rule 4.11: every cleanup ran before the JVM started its own shutdown hooks.
            assertThat(lines.get(lines.size() - 1)).isEqualTo("jvm-hook");
            assertThat(lines.indexOf("phase TERMINATED QUIESCENCE")).isLessThan(lines.indexOf("jvm-hook"));
            assertThat(String.join("\n", child.stderr())).doesNotContain("TERMINABLE-DEADLINE").doesNotContain("TERMINABLE-SETTINGS")
                    .doesNotContain("TERMINABLE-NO-MAIN");
        }
    }

    @Test
    void aCallbackStillRunningAfterTheLastThreadEndedFinishesBeforeTheJvmHooks() throws Exception {
        // The callback ends its thread, sees it ENDED, then runs on for up to `window`, waiting to
        // hear of a JVM hook. Without the hold on the last platform thread, the JVM starts its hooks
        // at once and the hook sees TERMINATING (rule 4.11).
        long window = scaled(Duration.ofMillis(1500)).toMillis();
        try (ChildProcess child = ChildJvm.of(CallbackOutlivesLastThread.class)
                .jvmFlags(List.of("-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofSeconds(20)).toMillis() + "ms",
                        "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofSeconds(30)).toMillis() + "ms"))
                .args(Long.toString(window)).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(child.stdout()).containsExactly("main-returned", "cleanup",
                    "callback-returns hook-started=false", "jvm-hook phase TERMINATED");
            assertThat(String.join("\n", child.stderr())).doesNotContain("TERMINABLE-DEADLINE");
        }
    }

    @Test
    void mainThrowsAndTheThreadsAreStillTerminated() throws Exception {
        try (ChildProcess child = ChildJvm.of(MainReturns.class).args("3", "throw").start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).isNotZero();
            assertThat(child.stdout()).filteredOn(l -> l.startsWith("callback "))
                    .containsExactlyElementsOf(expectedInReverse("callback ", 3));
            assertThat(child.stdout()).filteredOn(l -> l.startsWith("cleanup ")).hasSize(3);
            assertThat(String.join("\n", child.stderr())).contains("main-threw");
        }
    }

    @Test
    void systemExitRunsTheTerminatePhaseFromTheHookAndKeepsTheStatus() throws Exception {
        try (ChildProcess child = ChildJvm.of(ExitsWithStatus.class).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isEqualTo(3);
            List<String> lines = child.stdout();
            assertThat(lines).filteredOn(l -> l.startsWith("callback ")).containsExactlyElementsOf(
                    expectedInReverse("callback ", 5));
            assertThat(lines).filteredOn(l -> l.startsWith("cleanup ")).hasSize(5);
            assertThat(lines).contains("phase TERMINATING JVM_EXIT", "phase TERMINATED JVM_EXIT");
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // Process.destroy() is SIGTERM only on Unix-like systems
    void sigtermTakesTheHookPath() throws Exception {
        try (ChildProcess child = ChildJvm.of(ExitsWithStatus.class).args("wait").start()) {
            child.awaitLine("ready", l -> l.contains("ready"), awaitWindow());
            child.terminate(); // SIGTERM
            assertThat(child.awaitExit(EXIT_BOUND)).isEqualTo(143);
            assertThat(child.stdout()).filteredOn(l -> l.startsWith("callback "))
                    .containsExactlyElementsOf(expectedInReverse("callback ", 5));
            assertThat(String.join("\n", child.stdout())).contains("phase TERMINATING JVM_EXIT");
        }
    }

    @Test
    void aNonTerminableNonDaemonThreadKeepsEverythingAliveUntilItEnds() throws Exception {
        List<String> options = List.of("-Dio.github.terminable.reportKeepAliveThreads=true");
        try (ChildProcess child = ChildJvm.of(ServerKeepsAlive.class).jvmFlags(options).start()) {
            // The watcher has looked after main ended, and found the server blocking.
            child.awaitErrLine("TERMINABLE-KEEPALIVE", l -> l.contains("TERMINABLE-KEEPALIVE"), awaitWindow());
            assertThat(String.join("\n", child.stderr())).contains("'server'").doesNotContain("'worker'");
            assertThat(String.join("\n", child.stdout())).doesNotContain("callback worker");
            child.send("stop");
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            List<String> lines = child.stdout();
            assertThat(lines).contains("server-saw-requested=false", "callback worker", "cleanup worker");
            assertThat(lines.indexOf("server-saw-requested=false")).isLessThan(lines.indexOf("callback worker"));
        }
    }

    @Test
    void aThreadIgnoringTerminationIsReportedAtTheDeadlineAndTheJvmStillExits() throws Exception {
        Duration deadline = scaled(Duration.ofMillis(500));
        List<String> options = List.of("-Dio.github.terminable.shutdownDeadline=" + deadline.toMillis() + "ms");
        try (ChildProcess child = ChildJvm.of(StubbornThread.class).jvmFlags(options).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).isZero();
            assertThat(String.join("\n", child.stderr())).contains("TERMINABLE-DEADLINE: ").contains("did NOT complete")
                    .contains("\"stubborn\"").contains("Programs.ignoreTermination");
            // Rule 9.2: the default callbackTimeout (5 s) is not shorter than this deadline.
            assertThat(occurrences(String.join("\n", child.stderr()), "TERMINABLE-SETTINGS")).isEqualTo(1);
        }
    }

    @Test
    void aBlockedDeadlineListenerDoesNotHoldTheHook() throws Exception {
        Duration deadline = scaled(Duration.ofMillis(500));
        List<String> options = List.of("-Dio.github.terminable.shutdownDeadline=" + deadline.toMillis() + "ms",
                "-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofMillis(200)).toMillis() + "ms");
        try (ChildProcess child = ChildJvm.of(StubbornThread.class).jvmFlags(options).args("block-listener").start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("listener-called");
            assertThat(occurrences(String.join("\n", child.stderr()), "TERMINABLE-DEADLINE")).isEqualTo(1);
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
        try (ChildProcess child = ChildJvm.of(QuiescenceMissesDeadline.class).jvmFlags(options).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isEqualTo(3);
            String err = String.join("\n", child.stderr());
            assertThat(occurrences(err, "TERMINABLE-DEADLINE")).as(err).isEqualTo(1);
            assertThat(err).contains("(QUIESCENCE) did NOT complete").contains("\"stubborn\"")
                    .doesNotContain("TERMINABLE-SETTINGS").doesNotContain("TERMINABLE-NO-MAIN");
            List<String> lines = child.stdout();
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
        try (ChildProcess child = ChildJvm.of(QuiescenceMissesDeadline.class).jvmFlags(options).args("release").start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            String err = String.join("\n", child.stderr());
            assertThat(occurrences(err, "TERMINABLE-DEADLINE")).as(err).isEqualTo(1);
            // The hold of the last thread ended with the report, so the JVM's hooks may run before
            // the shutdown completes (rule 4.11 as changed by 4.12): no order after the thread's end.
            assertThat(child.stdout()).containsSubsequence("deadlineMissed QUIESCENCE 1 on-daemon=true",
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
        try (ChildProcess child = ChildJvm.of(LastThreadHeldPastDeadline.class).jvmFlags(options).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(callbackTimeout.dividedBy(2));
            assertThat(occurrences(String.join("\n", child.stderr()), "TERMINABLE-DEADLINE")).as(String.join("\n", child.stderr())).isEqualTo(1);
            assertThat(child.stdout()).containsSubsequence("main-returned", "cleanup held", "jvm-hook");
        }
    }

    /** Rule 4.13: no main thread at install is said once; quiescence still works. */
    @Test
    void aGlobalInstalledAfterMainEndedSaysSoAndStillTerminatesAtQuiescence() throws Exception {
        try (ChildProcess child = ChildJvm.of(GlobalInstalledAfterMain.class).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(occurrences(String.join("\n", child.stderr()), "TERMINABLE-NO-MAIN")).isEqualTo(1);
            assertThat(child.stdout()).containsSubsequence("late-returns", "cleanup worker");
        }
    }

    @Test
    void aCallbackThatCallsSystemExitDoesNotDeadlock() throws Exception {
        List<String> options = List.of("-Dio.github.terminable.callbackTimeout=" + scaled(Duration.ofMillis(300)).toMillis()
                + "ms", "-Dio.github.terminable.shutdownDeadline=" + scaled(Duration.ofSeconds(5)).toMillis() + "ms");
        try (ChildProcess child = ChildJvm.of(CallbackCallsExit.class).jvmFlags(options).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isEqualTo(7);
            assertThat(child.stdout()).containsSubsequence("callback exiter", "callback first");
            assertThat(String.join("\n", child.stdout())).contains("cleanup first", "cleanup exiter");
            assertThat(String.join("\n", child.stderr())).doesNotContain("TERMINABLE-DEADLINE");
        }
    }

    @Test
    void theProviderIsFoundOnTheClassPathAndTheModulePathAndInstallsNothingUntilGlobal() throws Exception {
        try (ChildProcess child = ChildJvm.of(Discovery.class).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named false", "watcher-before-global false", "watcher-after-global true");
        }
        try (ChildProcess child = onModulePath(Discovery.class).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named true");
        }
        // Rule 7.1 on the module path: the named provider is found among the declared services,
        // although its package is not exported.
        try (ChildProcess child = onModulePath(Discovery.class)
                .property("io.github.terminable.provider", "io.github.terminable.executor.ExecutorProvider").start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named true");
        }
    }
}
