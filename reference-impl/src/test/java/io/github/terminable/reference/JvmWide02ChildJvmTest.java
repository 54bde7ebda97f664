package io.github.terminable.reference;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.reference.scenarios.AttachLater;
import io.github.terminable.reference.scenarios.HoldUntilDeadline;
import io.github.terminable.reference.scenarios.JoinOwnThreadInCallback;
import io.github.terminable.reference.scenarios.NoMainThread;
import io.github.terminable.reference.scenarios.QuiescenceDeadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM-wide behaviour added by spec 0.2, in child JVMs: the quiescence deadline and its exit
 * (rule 4.12), the hold of rule 4.11 released by the deadline report, TERMINABLE-SETTINGS (9.2),
 * TERMINABLE-NO-MAIN (4.13), and coordinators attached to the JVM-wide one (2.7, 4.4).
 */
class JvmWide02ChildJvmTest {

    private static final Duration EXIT_BOUND = TckTime.seconds(60);

    private static long count(ChildProcess r, String prefix) {
        return r.stderr().stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void aMissedQuiescenceDeadlineIsReportedOnceAndEndsTheJvmWithStatusOne() throws Exception {
        ChildProcess r = ChildJvm.of(QuiescenceDeadline.class).jvmFlags(List.of("-Dio.github.terminable.shutdownDeadline=500ms",
                "-Dio.github.terminable.callbackTimeout=200ms")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(1);
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.describe()).isEqualTo(1);
        assertThat(String.join("\n", r.stderr())).contains("\"stubborn\"").contains("QUIESCENCE")
                .contains(QuiescenceDeadline.class.getPackageName() + ".StubbornThread.ignoreEveryInterrupt(");
        assertThat(r.stdout()).as(r.describe()).containsSubsequence("READY", "LISTENER deadlineMissed 1", "JVM-HOOK");
        assertThat(String.join("\n", r.stderr())).doesNotContain("TERMINABLE-SETTINGS");
    }

    @Test
    void theDeadlineExitStatusIsConfigurable() throws Exception {
        ChildProcess r = ChildJvm.of(QuiescenceDeadline.class).jvmFlags(List.of("-Dio.github.terminable.shutdownDeadline=300ms",
                "-Dio.github.terminable.callbackTimeout=100ms", "-Dio.github.terminable.deadlineExitStatus=42")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(42);
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.describe()).isEqualTo(1);
    }

    @Test
    void aBlockedDeadlineListenerDelaysTheQuiescenceExitByAtMostOneSecond() throws Exception {
        ChildProcess r = ChildJvm.of(QuiescenceDeadline.class).withoutLightFlags().jvmFlags(List.of("-Dio.github.terminable.shutdownDeadline=300ms",
                "-Dio.github.terminable.callbackTimeout=100ms")).args("block-listener").run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout()).as(r.describe()).contains("LISTENER deadlineMissed 1", "JVM-HOOK");
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.describe()).isEqualTo(1);
    }

    @Test
    void aBlockedDeadlineListenerDelaysTheHookByAtMostOneSecond() throws Exception {
        ChildProcess r = ChildJvm.of(QuiescenceDeadline.class).withoutLightFlags().jvmFlags(List.of("-Dio.github.terminable.shutdownDeadline=300ms",
                "-Dio.github.terminable.callbackTimeout=100ms")).args("block-listener", "exit").run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isEqualTo(5);
        assertThat(r.stdout()).as(r.describe()).contains("LISTENER deadlineMissed 1");
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.describe()).isEqualTo(1);
        assertThat(String.join("\n", r.stderr())).contains("JVM_EXIT");
    }

    @Test
    void theHoldOfTheLastThreadEndsWithTheDeadlineReport() throws Exception {
        ChildProcess r = ChildJvm.of(HoldUntilDeadline.class).jvmFlags(List.of("-Dio.github.terminable.shutdownDeadline=500ms",
                "-Dio.github.terminable.callbackTimeout=120s", "-Dio.github.terminable.deadlineExitStatus=none")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as("no exit status was set: the JVM ended normally; " + r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).containsSubsequence("READY", "CALLBACK quick blocks");
        assertThat(r.stdout()).contains("CLEANUP quick");
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.describe()).isEqualTo(1);
        assertThat(count(r, "TERMINABLE-SETTINGS")).as("rule 9.2: " + r.describe()).isEqualTo(1);
        assertThat(String.join("\n", r.stderr())).contains("io.github.terminable.callbackTimeout")
                .contains("io.github.terminable.shutdownDeadline");
        // without the release at the deadline report the hold would last until the callback's bound
        assertThat(r.age()).as(r.describe()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void joinInACallbackSeesTheEndOfTheBodyOfAHeldThread() throws Exception {
        ChildProcess r = ChildJvm.of(JoinOwnThreadInCallback.class).jvmFlags(List.of("-Dio.github.terminable.callbackTimeout=120s",
                "-Dio.github.terminable.shutdownDeadline=240s")).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdoutStartingWith("JOINED true")).as("the callback's join returned before its turn's bound: " + r.describe())
                .hasSize(1);
    }

    @Test
    void withoutAMainThreadTheWatcherSaysSoAndStillFindsQuiescence() throws Exception {
        ChildProcess r = ChildJvm.of(NoMainThread.class).run(EXIT_BOUND);
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(count(r, "TERMINABLE-NO-MAIN")).as(r.describe()).isEqualTo(1);
        assertThat(r.stdoutStartingWith("CALLBACK ")).as(r.describe()).containsExactly("CALLBACK worker-1", "CALLBACK worker-0");
    }

    @Test
    void aCoordinatorAttachedToTheGlobalOneStopsKeepingTheJvmAliveAndIsShutDownWithIt() throws Exception {
        ChildProcess child = ChildJvm.of(AttachLater.class).jvmFlags(List.of("-Dio.github.terminable.reportKeepAliveThreads=true")).start();
        child.awaitOutputLine("the keep-alive report",
                l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("\"child-worker\""), EXIT_BOUND);
        child.send("GO");
        child.awaitExit(EXIT_BOUND);
        ChildProcess r = child;
        assertThat(r.exitValue()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).containsSubsequence("ATTACHED", "CHILD OPEN->TERMINATING QUIESCENCE",
                "CALLBACK child-worker", "CLEANUP child-worker", "CHILD TERMINATING->TERMINATED QUIESCENCE");
    }
}
