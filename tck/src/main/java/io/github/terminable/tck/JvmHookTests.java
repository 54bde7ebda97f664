package io.github.terminable.tck;

import static io.github.terminable.tck.Children.assertCallbacksOnTerminators;
import static io.github.terminable.tck.Children.assertContainsLine;
import static io.github.terminable.tck.Children.assertExitCode;
import static io.github.terminable.tck.Children.callbackOrder;
import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.Terminables;
import io.github.terminable.tck.child.JshellSupport;
import io.github.terminable.tck.child.ShutdownPathScenario.Mode;
import io.github.terminable.tck.harness.Applicability;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Section 4 of the spec, the JVM shutdown-hook path, in child JVMs: {@code System.exit},
 * signals, missed deadlines, {@code System.exit} from a callback, and jshell (rules 4.6 to
 * 4.11).
 */
@InChildJvms
public abstract class JvmHookTests extends TckGroup {


    /** Creates the group. */
    protected JvmHookTests() {
    }

    @Test
    @SpecRule({"4.6.a", "4.6.b", "4.6.c", "1.8.b", "4.6.d", "4.11.b"})
    void required_systemExitTerminatesInOrderFromTheHookBesideOtherHooks() throws Exception {
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, Mode.EXIT, Map.of()));
        int code = child.exitValue();

        assertExitCode(child, code, 3, "the status given to System.exit");
        assertThat(callbackOrder(child)).as(child.describe()).containsExactly("w3", "w2", "w1");
        assertCallbacksOnTerminators(child);
        assertContainsLine(child, "PHASE OPEN TERMINATING JVM_EXIT");
        assertThat(withPrefix(child.stdout(), "ENDED ")).as("every thread ended before the JVM halted" + child.describe())
                .hasSize(3);
        assertContainsLine(child, "CALLBACK-RENDEZVOUS true");
        assertContainsLine(child, "USER-HOOK rendezvous=true");
    }

    @Test
    @SpecRule({"4.7.a", "4.7.b"})
    void required_sigtermTakesTheHookPath() throws Exception {
        assertSignalTakesTheHookPath("TERM", 143);
    }

    @Test
    @SpecRule({"4.7.a", "4.7.b"})
    void required_sigintTakesTheHookPath() throws Exception {
        assertSignalTakesTheHookPath("INT", 130);
    }

    @Test
    @SpecRule({"4.7.a", "4.7.b"})
    void required_sighupTakesTheHookPath() throws Exception {
        assertSignalTakesTheHookPath("HUP", 129);
    }

    private void assertSignalTakesTheHookPath(String signal, int expectedStatus) throws Exception {
        Applicability.assumeApplicable(!System.getProperty("os.name", "").startsWith("Windows"),
                "POSIX signals are not available on " + System.getProperty("os.name"));
        ChildProcess child = Children.shutdownPath(kit, Mode.SIGNAL, Map.of()).start();
        child.awaitReady();
        String ignored = withPrefix(child.stdout(), "SIGIGN ").stream().findFirst().orElse("SIGIGN unknown");
        if (isIgnored(ignored.substring("SIGIGN ".length()), signal)) {
            child.close();
            Applicability.assumeApplicable(false, "SIG" + signal + " is ignored by this process's environment (inherited"
                    + " SIG_IGN, e.g. a background job of a non-interactive shell), so the JVM never handles it");
        }
        child.signal(signal);
        int code = Children.awaitExit(child);

        assertExitCode(child, code, expectedStatus, "the JVM's exit status for SIG" + signal);
        assertThat(callbackOrder(child)).as(child.describe()).containsExactly("w3", "w2", "w1");
        assertCallbacksOnTerminators(child);
        assertContainsLine(child, "PHASE OPEN TERMINATING JVM_EXIT");
        assertThat(withPrefix(child.stdout(), "ENDED ")).hasSize(3);
    }

    static boolean isIgnored(String hexMask, String signal) {
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> throw new IllegalArgumentException(signal);
        };
        try {
            return (Long.parseUnsignedLong(hexMask, 16) & (1L << (number - 1))) != 0;
        } catch (NumberFormatException e) {
            return false; // unknown: assume the default disposition
        }
    }

    /**
     * A short deadline, and a callbackTimeout well below it: the stubborn thread's turn overruns
     * early, so the cooperative thread registered before it still gets its turn (rule 3.4).
     */
    private static Map<String, String> deadlineSettings(Duration deadline) {
        return Map.of(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, deadline.toMillis() + "ms",
                CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, deadline.dividedBy(4).toMillis() + "ms");
    }

    @Test
    @SpecRule({"4.8.a", "4.8.b", "8.3.a"})
    void required_aThreadThatIgnoresTerminationGetsADeadlineReportNotAHang() throws Exception {
        Duration deadline = TckTime.scaled(Duration.ofMillis(600));
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, Mode.DEADLINE, deadlineSettings(deadline)));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "the status the JVM was exiting with");
        String err = String.join("\n", child.stderr());
        assertThat(child.stderr()).as("a TERMINABLE-DEADLINE line" + child.describe())
                .anyMatch(l -> l.startsWith("TERMINABLE-DEADLINE"));
        assertThat(err).as("the report names the unfinished thread with its stack" + child.describe())
                .contains("stubborn").contains("ignoreTerminationForever");
        assertContainsLine(child, "DEADLINE-MISSED 1");
        assertThat(child.exitedAfter("EXITING")).as("the process ends within the deadline plus the exit margin"
                + child.describe()).isLessThan(deadline.plus(Children.EXIT_MARGIN));
        assertThat(withPrefix(child.stdout(), "ENDED ")).as("the cooperative thread still ended").contains("ENDED w1");
        assertThat(child.stderr().stream().filter(l -> l.startsWith("TERMINABLE-DEADLINE"))).as("one report"
                + child.describe()).hasSize(1);
    }

    @Test
    @SpecRule({"4.8.a", "4.8.b"})
    void required_aListenerThatBlocksInDeadlineMissedDoesNotDelayTheHookPathExit() throws Exception {
        Duration deadline = TckTime.scaled(Duration.ofMillis(600));
        ChildProcess child = Children.runToExit(
                Children.shutdownPath(kit, Mode.DEADLINE_BLOCKING_LISTENER, deadlineSettings(deadline)));
        int code = child.exitValue();

        assertExitCode(child, code, 0, "the status the JVM was exiting with, whatever the listeners do");
        assertContainsLine(child, "LISTENER-BLOCKS");
        assertThat(child.stderr()).as("a TERMINABLE-DEADLINE line" + child.describe())
                .anyMatch(l -> l.startsWith("TERMINABLE-DEADLINE"));
        assertThat(child.exitedAfter("EXITING")).as("a blocked listener holds the hook back by at most 1 s: the process"
                + " ends within the deadline plus the exit margin" + child.describe()).isLessThan(deadline.plus(Children.EXIT_MARGIN));
    }

    @Test
    @SpecRule("4.9.a")
    void required_systemExitFromACallbackAfterQuiescenceDoesNotDeadlock() throws Exception {
        assertCallbackExitEnds(Mode.CALLBACK_EXIT);
    }

    @Test
    @SpecRule("4.9.a")
    void required_systemExitFromAnExplicitlyRequestedCallbackDoesNotDeadlock() throws Exception {
        assertCallbackExitEnds(Mode.CALLBACK_EXIT_EXPLICIT);
    }

    private void assertCallbackExitEnds(Mode mode) throws Exception {
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, mode, Map.of(
                CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, TckTime.scaled(Duration.ofMillis(300)).toMillis() + "ms",
                CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, TckTime.scaled(Duration.ofSeconds(3)).toMillis() + "ms")));
        int code = child.exitValue();

        assertExitCode(child, code, 7, "the status given to System.exit by the callback");
        assertThat(callbackOrder(child)).as("the other callbacks still run" + child.describe())
                .containsExactly("w3", "w2", "w1");
        assertThat(withPrefix(child.stdout(), "ENDED ")).contains("ENDED w1", "ENDED w2");
    }

    @Test
    @SpecRule("4.10.b")
    void required_jshellExitRunsTheCleanupThroughTheHookPath() throws Exception {
        Path jshell = jshellOrSkip();
        Path dir = kit.tempDirectory("tck-jshell");
        Path marker = dir.resolve("cleanup-marker.txt");
        Duration deadline = TckTime.scaled(Duration.ofSeconds(5));
        ChildProcess session = startJshell(jshell, dir, "startWorker(\"" + marker.toString().replace("\\", "\\\\") + "\")",
                deadline);
        int code = session.awaitExit(deadline.plus(TckTime.awaitWindow()));

        assertThat(code).as("jshell exit status" + session.describe()).isZero();
        assertThat(marker).as("the terminable thread's cleanup ran when /exit ended the session" + session.describe())
                .exists();
        assertThat(Files.readString(marker, StandardCharsets.UTF_8)).isEqualTo("cleaned up by jshell-worker");
    }

    @Test
    @SpecRule("4.10.c")
    void required_jshellExitEndsTheSessionByTheDeadlineEvenWhenAThreadIgnoresTermination() throws Exception {
        Path jshell = jshellOrSkip();
        Duration deadline = TckTime.scaled(Duration.ofSeconds(1));
        ChildProcess session = startJshell(jshell, kit.tempDirectory("tck-jshell-stubborn"), "startStubbornWorker()", deadline);
        long pid = session.stdout().stream().filter(l -> l.startsWith("READY pid=")).findFirst()
                .map(l -> Long.parseLong(l.substring("READY pid=".length()).trim())).orElseThrow();
        Duration bound = deadline.plus(TckTime.scaled(Duration.ofSeconds(2))).plus(TckTime.awaitWindow());
        int code = session.awaitExit(bound);
        assertThat(code).as("jshell exit status" + session.describe()).isZero();

        java.util.Optional<ProcessHandle> execution = ProcessHandle.of(pid);
        try {
            if (execution.isPresent()) {
                execution.get().onExit().get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the jshell execution JVM (pid " + pid + ") with a thread that ignores termination"
                    + " did not end within shutdownDeadline plus the exit margin after /exit" + session.describe(), e);
        } finally {
            execution.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The runtime's jshell; the test is skipped (not applicable) where there is none. */
    private static Path jshellOrSkip() {
        Path jshell = ChildJvm.jshellBinary();
        Applicability.assumeApplicable(Files.isExecutable(jshell), "this runtime has no jshell at " + jshell);
        return jshell;
    }

    /**
     * Starts a jshell session whose script, written to {@code dir}, calls
     * {@code JshellSupport.<supportCall>} and then {@code /exit}s; its execution JVM uses the
     * implementation under test with {@code deadline} as its shutdown deadline. Returns once the
     * call has printed {@code READY} there.
     */
    private ChildProcess startJshell(Path jshell, Path dir, String supportCall, Duration deadline) throws Exception {
        Path script = dir.resolve("session.jsh");
        Files.writeString(script, JshellSupport.class.getName() + "." + supportCall + ";\n/exit\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(jshell.toString(), "--class-path",
                String.join(File.pathSeparator, System.getProperty("java.class.path").split(File.pathSeparator)),
                "-R-D" + Terminables.PROVIDER_PROPERTY + "=" + kit.provider().getClass().getName(),
                "-R-D" + CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY + "=" + deadline.toMillis() + "ms",
                "-R-Xshare:auto", "-R-XX:TieredStopAtLevel=1", "-R-XX:+UseSerialGC",
                "-J-Xshare:auto", "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "--feedback", "silent", script.toString()));
        ChildProcess session = kit.startProcess(command);
        session.awaitLine("READY from the jshell execution JVM", l -> l.contains("READY"), TckTime.scaled(Duration.ofSeconds(60)));
        return session;
    }
}
