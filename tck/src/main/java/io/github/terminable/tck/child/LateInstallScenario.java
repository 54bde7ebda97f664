package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

/**
 * Installs the global coordinator for the first time from a JVM shutdown hook, once the JVM's
 * shutdown sequence has begun (rule 4.1), and prints {@code INSTALLED phase=<phase>
 * trigger=<trigger>}, then {@code START-REJECTED state=<state>} or {@code STARTED} for a thread
 * started on it, or {@code FAILED <exception>}.
 */
public final class LateInstallScenario {

    private LateInstallScenario() {
    }

    /**
     * Runs the scenario: registers the hook and returns from {@code main}.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(LateInstallScenario::installLate, "tck-late-installer"));
        say("MAIN-RETURNS");
    }

    private static void installLate() {
        try {
            TerminationCoordinator global = Terminables.global();
            String phase = String.valueOf(global.phase());
            say("INSTALLED phase=" + phase + " trigger=" + global.shutdown().trigger());
            TerminableThread late = global.threadBuilder().name("tck-late").unstarted(() -> { });
            try {
                late.start();
                say("STARTED");
            } catch (ShutdownInProgressException e) {
                say("START-REJECTED state=" + late.state());
            }
        } catch (RuntimeException e) {
            say("FAILED " + e);
        }
    }
}
