package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.addPrintingListener;
import static io.github.terminable.tck.child.ScenarioSupport.pause;
import static io.github.terminable.tck.child.ScenarioSupport.say;
import static io.github.terminable.tck.child.ScenarioSupport.slowWorker;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

/**
 * Completion order on the quiescence path (rules 3.2 and 4.2): {@code main} registers with the
 * global coordinator, interleaved, threads {@code t1}, {@code t3}, {@code t5} and loops
 * {@code l2}, {@code l4}, {@code l6}, and returns. Every unit takes a while to end once asked,
 * and the later a unit was registered the longer it takes (unit {@code k}: {@code k × 40 ms},
 * scaled), so that an implementation that only <i>asks</i> in reverse order, without waiting
 * for each unit to end, lets the earlier units finish first.
 *
 * <p>Lines: a thread prints {@code CALLBACK <name> ...} at the start of its turn and
 * {@code ENDED <name>} as the last thing its body does; a loop has two deferred cleanups, the
 * one that runs first prints {@code CLEANUP <name>} and the one that runs last prints
 * {@code ENDED <name>}, each after {@code k × 20 ms}. The listener's lines are those of
 * {@link ScenarioSupport}.
 */
public final class CompletionOrderScenario {

    /** How many units main registers. */
    static final int UNITS = 6;

    private CompletionOrderScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param args unused
     * @throws Exception if the scenario fails
     */
    public static void main(String[] args) throws Exception {
        TerminationCoordinator global = Terminables.global();
        addPrintingListener(global);
        for (int k = 1; k <= UNITS; k++) {
            if (k % 2 == 1) {
                slowWorker(global, "t" + k, 40L * k);
            } else {
                startLoop(global, "l" + k, 20L * k);
            }
        }
        say("READY");
        say("MAIN-RETURNS");
    }

    private static void startLoop(TerminationCoordinator global, String name, long cleanupMillis) throws Exception {
        BackgroundLoop loop = global.loopBuilder().name(name).start();
        loop.submitWithContext(context -> {
            // Cleanups run last-in first-out: this one runs last, so the loop has ended right after it.
            context.deferCleanup(() -> {
                pause(cleanupMillis);
                say("ENDED " + name);
            });
            context.deferCleanup(() -> {
                say("CLEANUP " + name);
                pause(cleanupMillis);
            });
            return null;
        }).get();
    }
}
