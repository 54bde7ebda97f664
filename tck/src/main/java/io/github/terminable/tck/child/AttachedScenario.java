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
 * <p>Modes (the first argument, a {@link Mode}'s name): {@code RETURNS} (main returns:
 * quiescence), {@code EXIT} ({@code System.exit(5)}), {@code SIGNAL} (main blocks; the parent
 * sends a signal), and {@code LATE}: the child is <em>not</em> attached before {@code main} returns, so its thread
 * {@code c1} keeps the JVM alive as a blocker (rule 4.4); a daemon thread attaches it once the
 * parent sends a line on standard input, by which time the quiescence watcher is waiting on
 * {@code c1} itself. The attach must make the watcher look again (rules 2.7 and 4.5).
 *
 * <p>Lines: those of {@link ScenarioSupport}; the child coordinator's listener lines begin with
 * {@code CHILD-}; {@code ATTACHED} once attached; a user hook prints {@code JVM-HOOK ...}.
 */
public final class AttachedScenario {

    /** How the program ends, or when the child is attached; the class comment describes each. */
    public enum Mode {
        /** Main returns after attaching. */
        RETURNS,
        /** Main calls {@code System.exit(5)} after attaching. */
        EXIT,
        /** Main blocks after attaching, until the parent's signal. */
        SIGNAL,
        /** The child is attached after main returned, when the parent says so on standard input. */
        LATE
    }

    private AttachedScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args the {@link Mode}'s name
     * @throws Exception if the scenario fails
     */
    public static void main(String[] args) throws Exception {
        Mode mode = ScenarioSupport.mode(Mode.class, args);
        if (mode == Mode.LATE) {
            attachAfterMainReturned();
            return;
        }
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
            case RETURNS -> say("MAIN-RETURNS");
            case EXIT -> System.exit(5);
            case SIGNAL -> new CountDownLatch(1).await();
        }
    }

    private static void attachAfterMainReturned() {
        TerminationCoordinator global = Terminables.global();
        addPrintingListener(global);
        slowWorker(global, "g1", 20);
        TerminationCoordinator child = Terminables.newCoordinator(CoordinatorSettings.builder().name("tck-child").build());
        addPrintingListener(child, "CHILD-");
        slowWorker(child, "c1", 20);
        Thread attacher = new Thread(() -> {
            try {
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            global.attach(child);
            say("ATTACHED");
        }, "tck-attacher");
        attacher.setDaemon(true); // not a blocker itself
        attacher.start();
        say("READY");
        say("MAIN-RETURNS");
    }
}
