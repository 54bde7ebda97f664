package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.addPrintingHook;
import static io.github.terminable.tck.child.ScenarioSupport.addPrintingListener;
import static io.github.terminable.tck.child.ScenarioSupport.blockForever;
import static io.github.terminable.tck.child.ScenarioSupport.say;
import static io.github.terminable.tck.child.ScenarioSupport.worker;

import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;


/**
 * A shutdown begun by quiescence that misses its deadline (rules 4.11 and 4.12). {@code main}
 * installs the global coordinator, prints {@code COORDINATOR <its name>}, adds a printing listener
 * and a printing user hook ({@code JVM-HOOK ...}), sets up its mode, prints {@code READY} and
 * {@code MAIN-RETURNS}, and returns.
 *
 * <p>Modes (the first argument, a {@link Mode}'s name):
 * <ul>
 *   <li>{@code STUBBORN}: worker {@code w1}, then thread {@code stubborn}, which ignores
 *       termination for good (its stack shows {@code ignoreTerminationForever}).</li>
 *   <li>{@code STUBBORN_BLOCKING_LISTENER}: as {@code STUBBORN}, and a listener added after
 *       the printing listener blocks for good in {@code deadlineMissed}.</li>
 *   <li>{@code BLOCKED_CALLBACK}: worker {@code w1}, whose callback interrupts it and then
 *       blocks for good: every thread ends, but the turn, and so the shutdown, cannot complete
 *       before the callback's bound; the implementation's hold (rule 4.11) must not keep the
 *       JVM alive past the deadline report.</li>
 * </ul>
 */
public final class QuiescenceDeadlineScenario {

    /** What keeps the program from ending in time; the class comment describes each. */
    public enum Mode {
        /** A thread ignores termination. */
        STUBBORN,
        /** A thread ignores termination and a listener blocks in {@code deadlineMissed}. */
        STUBBORN_BLOCKING_LISTENER,
        /** A callback blocks after its thread has ended. */
        BLOCKED_CALLBACK
    }

    private QuiescenceDeadlineScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args the {@link Mode}'s name
     */
    public static void main(String[] args) {
        Mode mode = ScenarioSupport.mode(Mode.class, args);
        TerminationCoordinator global = Terminables.global();
        say("COORDINATOR " + global.name());
        addPrintingListener(global);
        if (mode == Mode.STUBBORN_BLOCKING_LISTENER) {
            global.addListener(new TerminationListener() {
                @Override
                public void deadlineMissed(ShutdownReport report) {
                    say("LISTENER-BLOCKS");
                    blockForever();
                }
            });
        }
        addPrintingHook(global);
        switch (mode) {
            case STUBBORN, STUBBORN_BLOCKING_LISTENER -> {
                worker(global, "w1");
                global.threadBuilder().name("stubborn").onTerminate(t -> say("CALLBACK stubborn ignored"))
                        .start(QuiescenceDeadlineScenario::ignoreTerminationForever);
            }
            case BLOCKED_CALLBACK -> global.threadBuilder().name("w1").onTerminate(t -> {
                say("CALLBACK w1 blocks");
                t.thread().interrupt();
                blockForever();
            }).start(ScenarioSupport.waitingBody("w1"));
        }
        say("READY");
        say("MAIN-RETURNS");
    }

    private static void ignoreTerminationForever() {
        blockForever();
    }
}
