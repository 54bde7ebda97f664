package io.github.terminable.tck;

import static io.github.terminable.tck.Children.assertContainsLine;
import static io.github.terminable.tck.Children.assertExitCode;
import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.tck.child.QuiescenceDeadlineScenario;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.TckTime;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Section 4 of the spec, a shutdown begun by quiescence that misses its deadline, in child JVMs:
 * the report, the exit status it ends the JVM with, a listener that blocks, and the release of
 * the implementation's hold (rules 4.8, 4.11 and 4.12).
 *
 * <p>Every scenario uses a short {@code shutdownDeadline} ({@link #DEADLINE}) and a
 * {@code callbackTimeout} well below it, so that each costs little more than one deadline.
 */
@InChildJvms
public abstract class QuiescenceDeadlineTests extends TckGroup {

    /** The child's shutdownDeadline. */
    static final Duration DEADLINE = TckTime.scaled(Duration.ofMillis(1000));
    /** The type name of the missed-deadline event (rule 8.5). */
    static final String DEADLINE_MISSED_EVENT = ObservabilityTests.JFR_PREFIX + "DeadlineMissed";
    /** The child's callbackTimeout: the stubborn thread's turn overruns well before the deadline. */
    static final Duration CALLBACK_TIMEOUT = TckTime.scaled(Duration.ofMillis(250));

    /** Creates the group. */
    protected QuiescenceDeadlineTests() {
    }

    private ChildJvm scenario(String exitStatus, QuiescenceDeadlineScenario.Mode mode) {
        ChildJvm jvm = kit.childJvm(QuiescenceDeadlineScenario.class).args(mode.name())
                .property(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, DEADLINE.toMillis() + "ms")
                .property(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, CALLBACK_TIMEOUT.toMillis() + "ms");
        if (exitStatus != null) {
            jvm.property(CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY, exitStatus);
        }
        return jvm;
    }

    private static boolean isReport(String line) {
        return line.startsWith("TERMINABLE-DEADLINE");
    }

    private static Duration between(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos);
    }

    /** The report names the stubborn thread with its stack, and appears once, at the deadline. */
    private static void assertStubbornReport(ChildProcess child) {
        assertThat(child.stderr().stream().filter(QuiescenceDeadlineTests::isReport)).as("exactly one TERMINABLE-DEADLINE"
                + " line" + child.describe()).hasSize(1);
        assertThat(String.join("\n", child.stderr())).as("the report names the unfinished thread with its stack"
                + child.describe()).contains("stubborn").contains("ignoreTerminationForever");
        assertContainsLine(child, "PHASE OPEN TERMINATING QUIESCENCE");
        assertContainsLine(child, "DEADLINE-MISSED 1");
        assertThat(withPrefix(child.stdout(), "ENDED ")).as("the cooperative thread still ended" + child.describe())
                .containsExactly("ENDED w1");
        // Quiescence begins after main returned, so MAIN-RETURNS bounds the beginning of the shutdown from below.
        long mainReturned = child.stdoutNanos("MAIN-RETURNS"::equals);
        Duration reportedAfter = between(mainReturned, child.stderrNanos(QuiescenceDeadlineTests::isReport));
        assertThat(reportedAfter).as("the report comes when shutdownDeadline (" + DEADLINE.toMillis() + " ms) has elapsed"
                + " since the shutdown began, not before, and within the exit margin" + child.describe())
                .isGreaterThanOrEqualTo(DEADLINE.minus(TckTime.scaled(Duration.ofMillis(200))))
                .isLessThanOrEqualTo(DEADLINE.plus(Children.EXIT_MARGIN));
    }

    /** The process ended within deadline + margin of the shutdown, and without a second wait after the report. */
    private static void assertPromptExitAfterReport(ChildProcess child) {
        long mainReturned = child.stdoutNanos("MAIN-RETURNS"::equals);
        assertThat(between(mainReturned, child.exitNanos())).as("the process ends within shutdownDeadline plus the exit"
                + " margin after the shutdown began" + child.describe()).isLessThanOrEqualTo(DEADLINE.plus(Children.EXIT_MARGIN));
        assertThat(between(child.stderrNanos(QuiescenceDeadlineTests::isReport), child.exitNanos()))
                .as("after the report the JVM's hook neither waits another shutdownDeadline nor reports again"
                        + child.describe()).isLessThan(DEADLINE);
    }

    @Test
    @SpecRule({"4.12.a", "4.12.b", "4.2.a", "4.12.c"})
    void required_aStubbornThreadAfterMainReturnsIsReportedAtTheDeadlineAndTheJvmExitsWithStatus1() throws Exception {
        ChildProcess child = Children.runToExit(scenario(null, QuiescenceDeadlineScenario.Mode.STUBBORN));
        int code = child.exitValue();

        assertExitCode(child, code, 1, "the default deadlineExitStatus");
        assertStubbornReport(child);
        assertPromptExitAfterReport(child);
        assertThat(withPrefix(child.stdout(), "JVM-HOOK ")).as("the JVM's hooks ran: the JVM exited through"
                + " System.exit" + child.describe()).hasSize(1);
    }

    @Test
    @SpecRule({"4.12.a", "4.12.b"})
    void required_theDeadlineExitStatusPropertyChoosesTheStatus() throws Exception {
        ChildProcess child = Children.runToExit(scenario("7", QuiescenceDeadlineScenario.Mode.STUBBORN));
        int code = child.exitValue();

        assertExitCode(child, code, 7, CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY + "=7");
        assertStubbornReport(child);
        assertPromptExitAfterReport(child);
    }

    @Test
    @SpecRule("4.12.a")
    void required_withDeadlineExitStatusNoneTheReportIsMadeAndTheUnfinishedThreadKeepsTheJvmAlive() throws Exception {
        ChildProcess child = scenario(CoordinatorSettings.NO_EXIT, QuiescenceDeadlineScenario.Mode.STUBBORN).start();
        child.awaitReady();
        child.awaitErrLine("TERMINABLE-DEADLINE", QuiescenceDeadlineTests::isReport, TckTime.awaitWindow());
        child.awaitLine("the listener's deadlineMissed", "DEADLINE-MISSED 1"::equals, TckTime.awaitWindow());

        boolean alive = child.staysAliveFor(TckTime.quietWindow());
        assertThat(alive).as("with " + CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY + "=none the implementation does"
                + " not end the JVM; the stubborn thread keeps it alive" + child.describe()).isTrue();
        child.close();
        assertStubbornReport(child);
        assertThat(withPrefix(child.stdout(), "JVM-HOOK ")).as("the JVM's shutdown sequence did not begin"
                + child.describe()).isEmpty();
    }

    @Test
    @SpecRule({"4.12.a", "4.12.b"})
    void required_aListenerThatBlocksInDeadlineMissedDoesNotDelayTheQuiescenceExit() throws Exception {
        ChildProcess child = Children.runToExit(
                scenario(null, QuiescenceDeadlineScenario.Mode.STUBBORN_BLOCKING_LISTENER));
        int code = child.exitValue();

        assertExitCode(child, code, 1, "the default deadlineExitStatus, whatever the listeners do");
        assertContainsLine(child, "LISTENER-BLOCKS");
        assertStubbornReport(child);
        long mainReturned = child.stdoutNanos("MAIN-RETURNS"::equals);
        assertThat(between(mainReturned, child.exitNanos())).as("a blocked listener holds the exit back by at most"
                + " 1 s: the process ends within shutdownDeadline plus the exit margin" + child.describe())
                .isLessThanOrEqualTo(DEADLINE.plus(Children.EXIT_MARGIN));
    }

    @Test
    @SpecRule({"4.11.e", "4.12.a", "4.2.c"})
    void required_theHoldIsReleasedAtTheDeadlineSoItNeverKeepsTheJvmAliveOnItsOwn() throws Exception {
        // The callback blocks and its bound exceeds the deadline: every thread has ended, but the
        // shutdown cannot complete before the deadline; only the hold could keep the JVM alive.
        ChildProcess child = Children.runToExit(
                kit.childJvm(QuiescenceDeadlineScenario.class).args(QuiescenceDeadlineScenario.Mode.BLOCKED_CALLBACK.name())
                .property(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, DEADLINE.toMillis() + "ms")
                .property(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, TckTime.scaled(Duration.ofSeconds(60)).toMillis() + "ms")
                .property(CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY, CoordinatorSettings.NO_EXIT));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "the normal exit once the hold is released: no non-daemon thread is left");
        assertContainsLine(child, "ENDED w1");
        assertContainsLine(child, "DEADLINE-MISSED 0");
        assertThat(child.stderr().stream().filter(QuiescenceDeadlineTests::isReport)).as("exactly one TERMINABLE-DEADLINE"
                + " line" + child.describe()).hasSize(1);
        List<String> out = child.stdout();
        assertThat(withPrefix(out, "JVM-HOOK ")).as("the JVM's hooks ran, with the shutdown still incomplete"
                + child.describe()).containsExactly("JVM-HOOK phase=TERMINATING live=0");
        assertThat(out.indexOf("JVM-HOOK phase=TERMINATING live=0")).as("the hooks ran after the listener was told of"
                + " the missed deadline" + child.describe()).isGreaterThan(out.indexOf("DEADLINE-MISSED 0"));
        assertPromptExitAfterReport(child);
    }

    /**
     * The missed deadline of rule 4.12.a, item 2, is a flight recorder event too. The child runs
     * with a recording that is dumped when the JVM exits: the implementation emits the event
     * before it calls {@code System.exit}, so the dump, made by the flight recorder's own shutdown
     * hook, holds it. (On the hook path of rule 4.8 the dump races the implementation's hook, so
     * that path is not checked here.)
     */
    @Test
    @SpecRule("8.5.a")
    void optional_aMissedDeadlineOnTheQuiescencePathIsRecordedAsAFlightRecorderEvent() throws Exception {
        Path recording = kit.tempDirectory("tck-jfr-quiescence").resolve("exit.jfr");
        ChildProcess child = Children.runToExit(scenario(null, QuiescenceDeadlineScenario.Mode.STUBBORN)
                .jvmFlag("-XX:StartFlightRecording=dumponexit=true,filename=" + recording));
        int code = child.exitValue();

        assertExitCode(child, code, 1, "the default deadlineExitStatus");
        assertContainsLine(child, "DEADLINE-MISSED 1");
        String coordinator = withPrefix(child.stdout(), "COORDINATOR ").stream().findFirst()
                .map(line -> line.substring("COORDINATOR ".length())).orElseThrow(
                () -> new AssertionError("the child printed no COORDINATOR line" + child.describe()));
        assertThat(recording).as("the recording dumped at exit" + child.describe()).exists();
        List<RecordedEvent> missed = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals(DEADLINE_MISSED_EVENT)).toList();
        assertThat(missed).as(DEADLINE_MISSED_EVENT + " events in the recording dumped at exit" + child.describe())
                .hasSize(1);
        RecordedEvent event = missed.get(0);
        assertThat(event.getString("coordinator")).as("its coordinator").isEqualTo(coordinator);
        assertThat(event.getString("trigger")).as("its trigger").isEqualTo(ShutdownTrigger.QUIESCENCE.name());
        assertThat(event.getInt("unfinishedThreads")).as("its unfinishedThreads: the stubborn thread").isEqualTo(1);
    }
}
