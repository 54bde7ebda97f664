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

import java.util.Arrays;
import java.util.List;

/**
 * A shutdown begun by quiescence that misses its deadline (rules 4.11 and 4.12). {@code main}
 * installs the global coordinator with a printing listener and a printing user hook
 * ({@code JVM-HOOK ...}), sets up its mode, prints {@code READY} and {@code MAIN-RETURNS}, and
 * returns.
 *
 * <p>Modes (first argument):
 * <ul>
 *   <li>{@code stubborn}: worker {@code w1}, then thread {@code stubborn}, which ignores
 *       termination for good (its stack shows {@code ignoreTerminationForever}).</li>
 *   <li>{@code blocked-callback}: worker {@code w1}, whose callback interrupts it and then
 *       blocks for good: every thread ends, but the turn, and so the shutdown, cannot complete
 *       before the callback's bound; the implementation's hold (rule 4.11) must not keep the
 *       JVM alive past the deadline report.</li>
 * </ul>
 * A further argument {@code block-listener} adds, after the printing listener, a listener whose
 * {@code deadlineMissed} blocks for good.
 */
public final class QuiescenceDeadlineScenario {

    private QuiescenceDeadlineScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args the mode and options
     */
    public static void main(String[] args) {
        String mode = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        TerminationCoordinator global = Terminables.global();
        addPrintingListener(global);
        if (options.contains("block-listener")) {
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
            case "stubborn" -> {
                worker(global, "w1");
                global.threadBuilder().name("stubborn").onTerminate(t -> say("CALLBACK stubborn ignored"))
                        .start(QuiescenceDeadlineScenario::ignoreTerminationForever);
            }
            case "blocked-callback" -> global.threadBuilder().name("w1").onTerminate(t -> {
                say("CALLBACK w1 blocks");
                t.thread().interrupt();
                blockForever();
            }).start(ScenarioSupport.waitingBody("w1"));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        say("READY");
        say("MAIN-RETURNS");
    }

    private static void ignoreTerminationForever() {
        blockForever();
    }
}
