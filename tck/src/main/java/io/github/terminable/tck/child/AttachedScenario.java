package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.addPrintingHook;
import static io.github.terminable.tck.child.ScenarioSupport.addPrintingListener;
import static io.github.terminable.tck.child.ScenarioSupport.say;
import static io.github.terminable.tck.child.ScenarioSupport.slowWorker;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import java.util.concurrent.CountDownLatch;

/**
 * An independent coordinator attached to the global one (rule 2.7) takes part in the JVM's
 * ordered exit at its position. {@code main} registers {@code g1} with the global coordinator,
 * then creates an independent coordinator named {@code tck-child} with threads {@code c1},
 * {@code c2}, attaches it to the global coordinator, then registers {@code g2}. Every thread
 * takes a while to end once asked ({@link ScenarioSupport#slowWorker}), the child's threads
 * longer than {@code g1}, so that a parent that does not wait for the child's completion lets
 * {@code g1} end first.
 *
 * <p>Modes (first argument): {@code returns} (main returns: quiescence), {@code exit}
 * ({@code System.exit(5)}), {@code signal} (main blocks; the parent sends a signal).
 *
 * <p>Lines: those of {@link ScenarioSupport}; the child coordinator's listener lines begin with
 * {@code CHILD-}; {@code ATTACHED} once attached; a user hook prints {@code JVM-HOOK ...}.
 */
public final class AttachedScenario {

    private AttachedScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args the mode
     * @throws Exception if the scenario fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        ScenarioSupport.printIgnoredSignals();
        TerminationCoordinator global = Terminables.global();
        addPrintingListener(global);
        addPrintingHook(global);
        slowWorker(global, "g1", 20);
        TerminationCoordinator child = Terminables.newCoordinator(CoordinatorSettings.builder().name("tck-child").build());
        addPrintingListener(child, "CHILD-");
        slowWorker(child, "c1", 160);
        slowWorker(child, "c2", 120);
        global.attach(child);
        say("ATTACHED");
        slowWorker(global, "g2", 60);
        say("READY");
        switch (mode) {
            case "returns" -> say("MAIN-RETURNS");
            case "exit" -> System.exit(5);
            case "signal" -> new CountDownLatch(1).await();
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
