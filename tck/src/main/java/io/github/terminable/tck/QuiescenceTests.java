package io.github.terminable.tck;

import static io.github.terminable.tck.Children.assertCallbacksOnTerminators;
import static io.github.terminable.tck.Children.assertContainsLine;
import static io.github.terminable.tck.Children.assertExitCode;
import static io.github.terminable.tck.Children.callbackOrder;
import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.tck.child.CompletionOrderScenario;
import io.github.terminable.tck.child.RenamedMainScenario;
import io.github.terminable.tck.child.ShutdownPathScenario.Mode;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Section 4 of the spec, the quiescence path, in child JVMs: the program ends when only
 * terminable threads are left after {@code main} (rules 4.2 to 4.5, 4.11), each unit ending
 * before the one registered before it is asked (rule 3.2), the main thread is found or its
 * absence said (rule 4.13), and the JVM-wide coordinator leaves independent coordinators alone
 * (rule 2.5). A shutdown that misses its deadline is in {@link QuiescenceDeadlineTests}.
 */
@InChildJvms
public abstract class QuiescenceTests extends TckGroup {

    /** Creates the group. */
    protected QuiescenceTests() {
    }

    @Test
    @SpecRule({"4.2.a", "4.2.b", "4.11.a", "4.11.d", "1.8.a"})
    void required_whenMainReturnsAndOnlyTerminableThreadsAreLeftTheyAreTerminatedAndTheJvmExits() throws Exception {
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, Mode.RETURNS, Map.of()));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "exit status of a normal end of main");
        assertThat(callbackOrder(child)).as("callbacks in reverse registration order" + child.describe())
                .containsExactly("w3", "w2", "w1");
        assertCallbacksOnTerminators(child);
        assertContainsLine(child, "PHASE OPEN TERMINATING QUIESCENCE");
        assertContainsLine(child, "PHASE TERMINATING TERMINATED QUIESCENCE");
        assertThat(child.stderr()).as("the main thread was found: no TERMINABLE-NO-MAIN line" + child.describe())
                .noneMatch(l -> l.startsWith("TERMINABLE-NO-MAIN"));
        List<String> out = child.stdout();
        int hook = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals("JVM-HOOK phase=TERMINATED live=0")) {
                hook = i;
            }
        }
        assertThat(hook).as("a user shutdown hook runs only after the quiescence shutdown completed (phase TERMINATED,"
                + " no live thread)" + child.describe()).isNotNegative();
        for (String w : List.of("w1", "w2", "w3")) {
            assertThat(out.indexOf("ENDED " + w)).as(w + " ended before the JVM's hooks ran" + child.describe())
                    .isBetween(0, hook);
            assertThat(out.indexOf(out.stream().filter(l -> l.startsWith("CALLBACK " + w + " ")).findFirst().orElse("?")))
                    .as(w + "'s callback ran before the JVM's hooks" + child.describe()).isBetween(0, hook);
        }
    }

    @Test
    @SpecRule({"4.11.a", "4.11.d", "4.11.e", "3.7.b"})
    void required_aCallbackThatOutlivesTheLastThreadFinishesBeforeTheJvmHooks() throws Exception {
        runHeldUntilTheTail(Mode.CALLBACK_TAIL, "join(Duration) in the callback sees the end of the body at once, the"
                + " callback runs on, the shutdown completes, and only then do the JVM's hooks run",
                "ENDED w1", "JOINED w1 true", "CALLBACK-TAIL w1", "PHASE TERMINATING TERMINATED QUIESCENCE",
                "JVM-HOOK phase=TERMINATED live=0");
    }

    @Test
    @SpecRule({"4.11.d", "4.11.e", "3.11.b"})
    void required_aListenerOfTheLastPhaseChangeFinishesBeforeTheJvmHooksWhenTheLastThreadEndsAfterEveryTurn()
            throws Exception {
        // The other side of the hold from the test above: here the last thread, not awaited in
        // its turn, ends after the terminate phase has run every turn, so it is that thread's end
        // which completes the shutdown, and the hold must last until the final phase change has
        // been delivered, a slow listener's included.
        ChildProcess child = runHeldUntilTheTail(Mode.LISTENER_TAIL, "the callback returns, then the thread ends, the"
                + " final phase change reaches every listener, a slow one included, and only then do the JVM's hooks"
                + " run", "CALLBACK w1", "ENDED w1", "PHASE TERMINATING TERMINATED QUIESCENCE",
                "LISTENER-TAIL TERMINATING TERMINATED", "JVM-HOOK phase=TERMINATED live=0");
        assertThat(child.stdout()).as("nothing interrupted the thread" + child.describe())
                .noneMatch(l -> l.startsWith("UNEXPECTED-INTERRUPT"));
    }

    /**
     * Runs a {@code ShutdownPathScenario} mode whose shutdown goes on after its last terminable
     * thread has ended, with bounds far beyond what it needs (so that nothing is declared overrun
     * or missed), and checks that main's normal end gives exit status 0, that {@code expected}
     * appears in that order on standard output (the tail, then the JVM's hooks) and that no
     * deadline was reported missed (rule 4.11).
     */
    private ChildProcess runHeldUntilTheTail(Mode mode, String why, String... expected) throws Exception {
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, mode, Map.of(
                CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, TckTime.scaled(Duration.ofSeconds(60)).toMillis() + "ms",
                CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, TckTime.scaled(Duration.ofSeconds(90)).toMillis() + "ms")));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "exit status of a normal end of main");
        assertThat(child.stdout()).as(why + child.describe()).containsSubsequence(expected);
        assertThat(child.stderr()).as("no missed deadline" + child.describe())
                .noneMatch(l -> l.startsWith("TERMINABLE-DEADLINE"));
        return child;
    }

    @Test
    @SpecRule({"3.2.b", "4.2.a"})
    void required_whenMainReturnsThreadsAndLoopsEndOneAfterTheOtherInReverseRegistrationOrder() throws Exception {
        ChildProcess child = Children.runToExit(kit.childJvm(CompletionOrderScenario.class));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "exit status of a normal end of main");
        List<String> expected = new ArrayList<>();
        for (int k = 6; k >= 1; k--) {
            String unit = (k % 2 == 1 ? "t" : "l") + k;
            expected.add((k % 2 == 1 ? "CALLBACK " : "CLEANUP ") + unit);
            expected.add("ENDED " + unit);
        }
        assertThat(Children.turnEvents(child)).as("each unit, thread or loop (with its deferred cleanups), has ended"
                + " before the turn of the unit registered before it begins: completion in exactly reverse"
                + " registration order" + child.describe()).containsExactlyElementsOf(expected);
        List<String> out = child.stdout();
        assertThat(out.indexOf("PHASE TERMINATING TERMINATED QUIESCENCE")).as("the shutdown completed after the last"
                + " unit ended" + child.describe()).isGreaterThan(out.indexOf("ENDED t1"));
        assertThat(child.stderr()).as("a shutdown that completes in time is never reported as a missed deadline"
                + child.describe()).noneMatch(l -> l.startsWith("TERMINABLE-DEADLINE"));
    }

    @Test
    @SpecRule({"4.13.a", "4.4.a"})
    void required_aRenamedMainThreadIsReportedOnceAndStillBlocksQuiescenceUntilItEnds() throws Exception {
        ChildProcess child = kit.childJvm(RenamedMainScenario.class).start();
        child.awaitReady();
        child.awaitErrLine("TERMINABLE-NO-MAIN", l -> l.startsWith("TERMINABLE-NO-MAIN"), TckTime.awaitWindow());
        kit.assertNever("quiescence while the renamed main thread is alive" + child.describe(),
                () -> !withPrefix(child.stdout(), "CALLBACK").isEmpty() || !withPrefix(child.stdout(), "PHASE").isEmpty());

        child.send("end");
        int code = Children.awaitExit(child);
        assertExitCode(child, code, 0, "exit status of a normal end of main");
        assertThat(callbackOrder(child)).as("quiescence fired once the renamed main ended" + child.describe())
                .containsExactly("w1");
        List<String> out = child.stdout();
        assertThat(out.indexOf("PHASE OPEN TERMINATING QUIESCENCE")).as("only after main returned" + child.describe())
                .isGreaterThan(out.indexOf("MAIN-RETURNS"));
        assertThat(child.stderr().stream().filter(l -> l.startsWith("TERMINABLE-NO-MAIN"))).as("one TERMINABLE-NO-MAIN"
                + " line" + child.describe()).hasSize(1);
    }

    @Test
    @SpecRule("4.3.a")
    void required_whenMainThrowsTheTerminableThreadsAreStillTerminatedAndTheJvmExits() throws Exception {
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, Mode.THROWS, Map.of()));
        int code = child.exitValue();

        assertThat(code).as("exit status after an uncaught exception from main" + child.describe()).isNotZero();
        assertThat(String.join("\n", child.stderr())).as("the exception is reported as usual")
                .contains("planned failure of main");
        assertThat(callbackOrder(child)).as(child.describe()).containsExactly("w3", "w2", "w1");
        assertContainsLine(child, "PHASE OPEN TERMINATING QUIESCENCE");
        assertThat(withPrefix(child.stdout(), "ENDED ")).hasSize(3);
    }

    @Test
    @SpecRule({"4.4.a", "4.5.a", "4.5.b", "4.5.d", "4.4.b"})
    void required_aNonTerminableThreadKeepsTheProgramRunningAndTheWatcherJoinsIt() throws Exception {
        ChildProcess child = Children.shutdownPath(kit, Mode.KEEPALIVE,
                Map.of(CoordinatorSettings.REPORT_KEEP_ALIVE_PROPERTY, "true")).start();
        child.awaitReady();
        child.awaitLine("the end of the watcher sampling", "SAMPLED"::equals, TckTime.awaitWindow());
        kit.awaitUntil("TERMINABLE-KEEPALIVE names the first blocker" + child.describe(),
                () -> child.stderr().stream().anyMatch(l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("tck-blocker-1")));
        kit.assertNever("termination while a non-terminable thread is alive" + child.describe(),
                () -> !withPrefix(child.stdout(), "CALLBACK").isEmpty() || !withPrefix(child.stdout(), "PHASE").isEmpty());

        child.send("release-1");
        child.awaitLine("the second blocker", "BLOCKER-2 started"::equals, TckTime.awaitWindow());
        kit.awaitUntil("TERMINABLE-KEEPALIVE names the blocker started by the first one" + child.describe(),
                () -> child.stderr().stream().anyMatch(l -> l.startsWith("TERMINABLE-KEEPALIVE") && l.contains("tck-blocker-2")));
        kit.assertNever("termination while the new blocker is alive" + child.describe(),
                () -> !withPrefix(child.stdout(), "CALLBACK").isEmpty());

        child.send("release-2");
        int code = Children.awaitExit(child);
        assertExitCode(child, code, 0, "exit status once the last blocker ended");
        assertThat(callbackOrder(child)).containsExactly("w1");
        assertContainsLine(child, "PHASE OPEN TERMINATING QUIESCENCE");
        assertContainsLine(child, "JVM-HOOK phase=TERMINATED live=0");

        List<String> samples = withPrefix(child.stdout(), "WATCHER-SAMPLE ");
        assertThat(samples).as("the watcher was sampled" + child.describe()).isNotEmpty();
        assertThat(samples).as("no implementation daemon thread sleeps while a blocker is alive" + child.describe())
                .noneMatch(l -> l.endsWith("sleeping=true"));
        Map<String, List<String>> byThread = samples.stream().collect(Collectors.groupingBy(l -> l.split(" ")[1]));
        assertThat(byThread.values()).as("one implementation daemon thread waits in an untimed Thread.join for the"
                + " whole time a blocker is alive: the quiescence watcher" + child.describe())
                .anyMatch(list -> list.stream().allMatch(l -> l.contains("state=WAITING") && l.contains("joining=true")));
    }

    @Test
    @SpecRule("4.5.e")
    void required_anInterruptedWatcherKeepsWatching() throws Exception {
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, Mode.INTERRUPTED_WATCHER, Map.of()));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "exit status of a normal end of main, after the watcher was interrupted while"
                + " joining main and while joining a blocker");
        List<String> out = child.stdout();
        for (String round : List.of("while-joining-main", "while-joining-a-blocker")) {
            assertThat(out).as("the scenario found the watcher (a daemon thread of the implementation waiting in"
                    + " Thread.join, rule 4.5) and interrupted it " + round + child.describe())
                    .anyMatch(l -> l.startsWith("INTERRUPTED " + round + " ") && !l.endsWith(" 0"));
        }
        assertThat(callbackOrder(child)).as("quiescence was still detected" + child.describe()).containsExactly("w1");
        assertThat(out.indexOf("PHASE OPEN TERMINATING QUIESCENCE")).as("once the last blocker ended"
                + child.describe()).isGreaterThan(out.indexOf("BLOCKER-ENDS"));
    }

    @Test
    @SpecRule({"2.5.c", "2.5.d", "4.6.e"})
    void required_theJvmWideCoordinatorLeavesIndependentCoordinatorsAlone() throws Exception {
        ChildProcess child = Children.shutdownPath(kit, Mode.ISOLATION, Map.of()).start();
        child.awaitReady();
        assertContainsLine(child, "HOOKS-ADDED-BY-INDEPENDENT 0");
        kit.assertNever("a thread of an independent coordinator blocks quiescence, and nothing is terminated"
                + child.describe(), () -> !withPrefix(child.stdout(), "CALLBACK").isEmpty());

        child.signal("TERM");
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 143, "exit status after SIGTERM");
        assertThat(callbackOrder(child)).as("only the global coordinator's thread is terminated by the hook path"
                + child.describe()).containsExactly("g1");
        assertThat(withPrefix(child.stdout(), "PHASE OPEN TERMINATING")).as("only one coordinator shut down"
                + child.describe()).containsExactly("PHASE OPEN TERMINATING JVM_EXIT");
    }
}
