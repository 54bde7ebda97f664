package io.github.terminable.executor.programs;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

import java.util.concurrent.CountDownLatch;

/**
 * Child program: terminable threads, then {@code System.exit(3)} from main (rule 4.6), or, with
 * argument {@code wait}, main blocks until the process is signalled (rule 4.7).
 */
public final class ExitsWithStatus {

    private ExitsWithStatus() {
    }

    public static void main(String[] args) throws InterruptedException {
        TerminationCoordinator global = Terminables.global();
        global.addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                System.out.println("phase " + to + " " + trigger);
            }
        });
        for (int i = 0; i < 5; i++) {
            int n = i;
            global.threadBuilder().name("worker-" + n).onTerminate(t -> {
                System.out.println("callback " + n);
                t.thread().interrupt();
            }).start(() -> Programs.workUntilInterrupted("cleanup " + n));
        }
        System.out.println("ready");
        if (args.length > 0 && args[0].equals("wait")) {
            new CountDownLatch(1).await();
        }
        System.exit(3);
    }
}
