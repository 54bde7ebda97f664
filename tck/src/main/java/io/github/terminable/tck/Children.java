package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.child.ShutdownPathScenario;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.TckTime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Shared steps of the child-JVM tests: starting a scenario, waiting for its exit, and reading
 * its event lines.
 */
final class Children {

    /** Lets scenarios read the JVM's shutdown-hook registry. */
    static final String OPEN_JAVA_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    /**
     * The exit margin of rules 4.8, 4.10 and 4.12 (2 seconds), scaled by the time factor but never
     * below the spec's own value: the spec's absolute bounds inside it (such as the 1-second wait
     * for listeners) do not shrink with a factor below 1.
     */
    static final Duration EXIT_MARGIN = atLeast(Duration.ofSeconds(2));

    private Children() {
    }

    /** A spec bound scaled by the time factor, never below the bound itself. */
    static Duration atLeast(Duration specBound) {
        Duration scaled = TckTime.scaled(specBound);
        return scaled.compareTo(specBound) < 0 ? specBound : scaled;
    }

    static ChildJvm shutdownPath(Kit kit, ShutdownPathScenario.Mode mode, Map<String, String> properties) {
        ChildJvm jvm = kit.childJvm(ShutdownPathScenario.class).jvmFlag(OPEN_JAVA_LANG).args(mode.name());
        properties.forEach(jvm::property);
        return jvm;
    }

    /**
     * Starts {@code jvm}, waits for the scenario's {@code READY} line and then for its exit within
     * the await window: the run of a scenario the test inspects only once it has ended.
     *
     * @return the exited child; its status is {@link ChildProcess#exitValue()}
     */
    static ChildProcess runToExit(ChildJvm jvm) throws Exception {
        ChildProcess child = jvm.start();
        child.awaitReady();
        awaitExit(child);
        return child;
    }

    static int awaitExit(ChildProcess child) throws InterruptedException {
        return child.awaitExit(TckTime.awaitWindow());
    }

    static List<String> withPrefix(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The names in {@code CALLBACK <name> ...} lines, in order. */
    static List<String> callbackOrder(ChildProcess child) {
        return withPrefix(child.stdout(), "CALLBACK ").stream().map(l -> l.split(" ")[1]).toList();
    }

    /**
     * The lines that mark the beginning and the end of units' turns, in order: {@code CALLBACK},
     * {@code CLEANUP} and {@code ENDED} lines, each reduced to {@code <KIND> <name>}.
     */
    static List<String> turnEvents(ChildProcess child) {
        return child.stdout().stream()
                .filter(l -> l.startsWith("CALLBACK ") || l.startsWith("CLEANUP ") || l.startsWith("ENDED "))
                .map(l -> {
                    String[] parts = l.split(" ");
                    return parts[0] + " " + parts[1];
                }).toList();
    }

    static void assertExitCode(ChildProcess child, int code, int expected, String why) {
        assertThat(code).as(why + child.describe()).isEqualTo(expected);
    }

    static void assertContainsLine(ChildProcess child, String line) {
        assertThat(child.stdout()).as("child output must contain '" + line + "'" + child.describe()).contains(line);
    }

    static void assertCallbacksOnTerminators(ChildProcess child) {
        assertThat(withPrefix(child.stdout(), "CALLBACK ").stream().filter(l -> l.contains(" thread=")))
                .as("callbacks run on implementation-owned daemon threads, never on a JVM shutdown-hook thread"
                        + child.describe())
                .allMatch(l -> l.contains("daemon=true") && l.endsWith("hook=false"));
    }
}
