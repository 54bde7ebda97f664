package io.github.terminable.reference;

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

    private static final long EXIT_BOUND_SECONDS = 60;

    private static long count(ChildJvm.Result r, String prefix) {
        return r.err().stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void aMissedQuiescenceDeadlineIsReportedOnceAndEndsTheJvmWithStatusOne() throws Exception {
        ChildJvm.Result r = ChildJvm.start(QuiescenceDeadline.class, "-Dio.github.terminable.shutdownDeadline=500ms",
                "-Dio.github.terminable.callbackTimeout=200ms").awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.toString()).isEqualTo(1);
        assertThat(r.stderrText()).contains("\"stubborn\"").contains("QUIESCENCE")
                .contains(QuiescenceDeadline.class.getPackageName() + ".StubbornThread.ignoreEveryInterrupt(");
        assertThat(r.out()).as(r.toString()).containsSubsequence("READY", "LISTENER deadlineMissed 1", "JVM-HOOK");
        assertThat(r.stderrText()).doesNotContain("TERMINABLE-SETTINGS");
    }

    @Test
    void theDeadlineExitStatusIsConfigurable() throws Exception {
        ChildJvm.Result r = ChildJvm.start(QuiescenceDeadline.class, "-Dio.github.terminable.shutdownDeadline=300ms",
                "-Dio.github.terminable.callbackTimeout=100ms", "-Dio.github.terminable.deadlineExitStatus=42")
                .awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(42);
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.toString()).isEqualTo(1);
    }

    @Test
    void aBlockedDeadlineListenerDelaysTheQuiescenceExitByAtMostOneSecond() throws Exception {
        ChildJvm.Result r = ChildJvm.start(List.of(ChildJvm.javaBinary(), "-Dio.github.terminable.shutdownDeadline=300ms",
                "-Dio.github.terminable.callbackTimeout=100ms", "-cp", ChildJvm.classPath(),
                QuiescenceDeadline.class.getName(), "block-listener")).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("LISTENER deadlineMissed 1", "JVM-HOOK");
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.toString()).isEqualTo(1);
    }

    @Test
    void aBlockedDeadlineListenerDelaysTheHookByAtMostOneSecond() throws Exception {
        ChildJvm.Result r = ChildJvm.start(List.of(ChildJvm.javaBinary(), "-Dio.github.terminable.shutdownDeadline=300ms",
                "-Dio.github.terminable.callbackTimeout=100ms", "-cp", ChildJvm.classPath(),
                QuiescenceDeadline.class.getName(), "block-listener", "exit")).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.out()).as(r.toString()).contains("LISTENER deadlineMissed 1");
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.toString()).isEqualTo(1);
        assertThat(r.stderrText()).contains("JVM_EXIT");
    }

    @Test
    void theHoldOfTheLastThreadEndsWithTheDeadlineReport() throws Exception {
        ChildJvm.Result r = ChildJvm.start(HoldUntilDeadline.class, "-Dio.github.terminable.shutdownDeadline=500ms",
                "-Dio.github.terminable.callbackTimeout=120s", "-Dio.github.terminable.deadlineExitStatus=none")
                .awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as("no exit status was set: the JVM ended normally; " + r).isZero();
        assertThat(r.out()).as(r.toString()).containsSubsequence("READY", "CALLBACK quick blocks");
        assertThat(r.out()).contains("CLEANUP quick");
        assertThat(count(r, "TERMINABLE-DEADLINE")).as(r.toString()).isEqualTo(1);
        assertThat(count(r, "TERMINABLE-SETTINGS")).as("rule 9.2: " + r).isEqualTo(1);
        assertThat(r.stderrText()).contains("io.github.terminable.callbackTimeout")
                .contains("io.github.terminable.shutdownDeadline");
        // without the release at the deadline report the hold would last until the callback's bound
        assertThat(r.took()).as(r.toString()).isLessThan(Duration.ofSeconds(EXIT_BOUND_SECONDS));
    }

    @Test
    void joinInACallbackSeesTheEndOfTheBodyOfAHeldThread() throws Exception {
        ChildJvm.Result r = ChildJvm.start(JoinOwnThreadInCallback.class, "-Dio.github.terminable.callbackTimeout=120s",
                "-Dio.github.terminable.shutdownDeadline=240s").awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.linesStartingWith("JOINED true")).as("the callback's join returned before its turn's bound: " + r)
                .hasSize(1);
    }

    @Test
    void withoutAMainThreadTheWatcherSaysSoAndStillFindsQuiescence() throws Exception {
        ChildJvm.Result r = ChildJvm.start(NoMainThread.class).awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(count(r, "TERMINABLE-NO-MAIN")).as(r.toString()).isEqualTo(1);
        assertThat(r.linesStartingWith("CALLBACK ")).as(r.toString()).containsExactly("CALLBACK worker-1", "CALLBACK worker-0");
    }

    @Test
    void aCoordinatorAttachedToTheGlobalOneStopsKeepingTheJvmAliveAndIsShutDownWithIt() throws Exception {
        ChildJvm child = ChildJvm.start(AttachLater.class, "-Dio.github.terminable.reportKeepAliveThreads=true");
        child.awaitLine(l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("\"child-worker\""), EXIT_BOUND_SECONDS);
        child.send("GO");
        ChildJvm.Result r = child.awaitExit(EXIT_BOUND_SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsSubsequence("ATTACHED", "CHILD OPEN->TERMINATING QUIESCENCE",
                "CALLBACK child-worker", "CLEANUP child-worker", "CHILD TERMINATING->TERMINATED QUIESCENCE");
    }
}
