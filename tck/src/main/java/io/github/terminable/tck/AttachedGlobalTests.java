package io.github.terminable.tck;

import static io.github.terminable.tck.Children.assertContainsLine;
import static io.github.terminable.tck.Children.assertExitCode;
import static io.github.terminable.tck.Children.turnEvents;
import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.child.AttachedScenario;
import io.github.terminable.tck.harness.Applicability;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Rule 2.7 with the JVM-wide coordinator, in child JVMs: an independent coordinator attached to
 * the global one does not keep the JVM alive after {@code main}, and is shut down, on every
 * path, at its position in the global registration order, by completion.
 *
 * <p>The scenario ({@link AttachedScenario}) registers {@code g1}, attaches a coordinator with
 * {@code c1}, {@code c2}, and registers {@code g2}; each thread takes a while to end once asked.
 */
@InChildJvms
public abstract class AttachedGlobalTests extends TckGroup {

    /** The turns in completion order: g2, then the child (c2, c1), then g1; each ends before the next begins. */
    private static final List<String> EXPECTED_TURNS = List.of("CALLBACK g2", "ENDED g2", "CALLBACK c2", "ENDED c2",
            "CALLBACK c1", "ENDED c1", "CALLBACK g1", "ENDED g1");

    /** Creates the group. */
    protected AttachedGlobalTests() {
    }

    private static void assertAttachedTurn(ChildProcess child, String trigger) {
        assertContainsLine(child, "ATTACHED");
        assertThat(turnEvents(child)).as("the attached coordinator is shut down at its position (between g2, registered"
                + " after the attach, and g1, registered before), and every unit has ended before the next turn begins"
                + child.describe()).containsExactlyElementsOf(EXPECTED_TURNS);
        List<String> out = child.stdout();
        assertThat(withPrefix(out, "CHILD-PHASE ")).as("the child's shutdown runs with the parent's trigger"
                + child.describe()).containsExactly("CHILD-PHASE OPEN TERMINATING " + trigger,
                        "CHILD-PHASE TERMINATING TERMINATED " + trigger);
        int childBegins = out.indexOf("CHILD-PHASE OPEN TERMINATING " + trigger);
        int childCompleted = out.indexOf("CHILD-PHASE TERMINATING TERMINATED " + trigger);
        assertThat(childBegins).as("the child's shutdown begins at its turn, after g2 ended" + child.describe())
                .isGreaterThan(out.indexOf("ENDED g2")).isLessThan(out.indexOf(out.stream()
                        .filter(l -> l.startsWith("CALLBACK c2")).findFirst().orElse("?")));
        assertThat(childCompleted).as("the child's shutdown completed before g1's turn" + child.describe())
                .isLessThan(out.indexOf(out.stream().filter(l -> l.startsWith("CALLBACK g1")).findFirst().orElse("?")));
        assertContainsLine(child, "PHASE OPEN TERMINATING " + trigger);
    }

    @Test
    @SpecRule({"2.7.a", "4.2.a", "4.4.a"})
    void required_anAttachedCoordinatorDoesNotBlockQuiescenceAndEndsAtItsPosition() throws Exception {
        ChildProcess child = Children.runToExit(
                kit.childJvm(AttachedScenario.class).args(AttachedScenario.Mode.RETURNS.name()));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "exit status of a normal end of main: the attached threads did not keep the JVM"
                + " alive");
        assertAttachedTurn(child, "QUIESCENCE");
        assertContainsLine(child, "PHASE TERMINATING TERMINATED QUIESCENCE");
        assertContainsLine(child, "JVM-HOOK phase=TERMINATED live=0");
    }

    @Test
    @SpecRule({"2.7.a", "4.4.a", "4.5.c", "4.4.b"})
    void required_attachingAfterMainEndedTurnsABlockerIntoPartOfTheOrderedExit() throws Exception {
        ChildProcess child = kit.childJvm(AttachedScenario.class).args(AttachedScenario.Mode.LATE.name())
                .property("io.github.terminable.reportKeepAliveThreads", "true").start();
        child.awaitReady();
        child.awaitErrLine("the watcher reports the unattached coordinator's thread c1 as keeping the JVM alive",
                l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("c1"), TckTime.awaitWindow());
        assertThat(child.staysAliveFor(TckTime.quietWindow())).as("an unattached coordinator's thread is a blocker"
                + " (rule 4.4): nothing ends the JVM" + child.describe()).isTrue();
        assertThat(withPrefix(child.stdout(), "PHASE ")).as("no shutdown while c1 is a blocker" + child.describe())
                .isEmpty();
        child.send("ATTACH");
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "the attach made c1 part of the JVM's ordered exit, so quiescence fired even"
                + " though the watcher was waiting on c1 when it happened");
        assertContainsLine(child, "ATTACHED");
        assertThat(turnEvents(child)).as("the child, attached after g1, ends first" + child.describe())
                .containsExactly("CALLBACK c1", "ENDED c1", "CALLBACK g1", "ENDED g1");
        assertContainsLine(child, "CHILD-PHASE OPEN TERMINATING QUIESCENCE");
    }

    @Test
    @SpecRule({"2.7.a", "4.6.b"})
    void required_systemExitShutsAnAttachedCoordinatorDownAtItsPosition() throws Exception {
        ChildProcess child = Children.runToExit(
                kit.childJvm(AttachedScenario.class).args(AttachedScenario.Mode.EXIT.name()));
        int code = child.exitValue();

        assertExitCode(child, code, 5, "the status given to System.exit");
        assertAttachedTurn(child, "JVM_EXIT");
    }

    @Test
    @SpecRule({"2.7.a", "4.7.a"})
    void required_sigtermShutsAnAttachedCoordinatorDownAtItsPosition() throws Exception {
        Applicability.assumeApplicable(!System.getProperty("os.name", "").startsWith("Windows"),
                "POSIX signals are not available on " + System.getProperty("os.name"));
        ChildProcess child = kit.childJvm(AttachedScenario.class).args(AttachedScenario.Mode.SIGNAL.name()).start();
        child.awaitReady();
        String mask = withPrefix(child.stdout(), "SIGIGN ").stream().findFirst().orElse("SIGIGN 0");
        if (JvmHookTests.isIgnored(mask.substring("SIGIGN ".length()), "TERM")) {
            child.close();
            Applicability.assumeApplicable(false, "SIGTERM is ignored by this process's environment (inherited SIG_IGN),"
                    + " so the JVM never handles it");
        }
        child.signal("TERM");
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 143, "the JVM's exit status for SIGTERM");
        assertAttachedTurn(child, "JVM_EXIT");
    }
}
