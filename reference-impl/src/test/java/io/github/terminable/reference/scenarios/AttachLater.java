package io.github.terminable.reference.scenarios;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/**
 * An independent coordinator's thread keeps the JVM alive, as any non-daemon thread, until the
 * coordinator is attached to the JVM-wide one (rule 2.7): then the watcher looks again, finds
 * quiescence, and the global's terminate phase shuts the child down with trigger QUIESCENCE.
 */
public final class AttachLater {
    public static void main(String[] args) {
        TerminationCoordinator child = Terminables.newCoordinator(CoordinatorSettings.builder().name("child").build());
        child.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void phaseChanged(io.github.terminable.CoordinatorPhase from, io.github.terminable.CoordinatorPhase to,
                                     io.github.terminable.ShutdownTrigger trigger) {
                System.out.println("CHILD " + from + "->" + to + " " + trigger);
            }
        });
        child.threadBuilder().name("child-worker").onTerminate(t -> {
            System.out.println("CALLBACK " + t.name());
            t.thread().interrupt();
        }).start(Workers::waitThenClean);
        Terminables.global();
        new Thread(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in)).readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Terminables.global().attach(child);
            System.out.println("ATTACHED");
        }, "attacher").start();
        System.out.println("READY");
    }
}
