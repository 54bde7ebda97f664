package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

/**
 * Installs the global coordinator with whatever {@code io.github.terminable.*} properties the
 * parent set (rules 9.2 and 9.3), twice, and prints {@code INSTALLED same=<bool>} or
 * {@code REJECTED <exception class>: <message>}.
 */
public final class InstallScenario {

    private InstallScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try {
            TerminationCoordinator first = Terminables.global();
            TerminationCoordinator second = Terminables.global();
            say("INSTALLED same=" + (first == second));
        } catch (RuntimeException e) {
            say("REJECTED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
