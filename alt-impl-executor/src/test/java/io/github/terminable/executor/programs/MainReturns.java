package io.github.terminable.executor.programs;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

/**
 * Child program: main starts 20 terminable threads on the JVM-wide coordinator and returns.
 * Quiescence must terminate them in reverse order, let each clean up, and let the JVM exit 0,
 * all before the JVM's own shutdown hooks run (rules 4.2 and 4.11).
 */
public final class MainReturns {

    private MainReturns() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("jvm-hook")));
        TerminationCoordinator global = Terminables.global();
        global.addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                System.out.println("phase " + to + " " + trigger);
            }
        });
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        for (int i = 0; i < count; i++) {
            int n = i;
            global.threadBuilder().name("worker-" + n).onTerminate(t -> {
                System.out.println("callback " + n);
                t.thread().interrupt();
                // Still running after the thread may have ended: must finish before the JVM's hooks.
                System.out.println("callback-done " + n);
            }).start(() -> Programs.workUntilInterrupted("cleanup " + n));
        }
        System.out.println("main-returned");
        if (args.length > 1 && args[1].equals("throw")) {
            throw new IllegalStateException("main-threw");
        }
    }
}
