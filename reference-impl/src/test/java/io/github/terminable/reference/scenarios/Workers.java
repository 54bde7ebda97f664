package io.github.terminable.reference.scenarios;

import io.github.terminable.TerminableThread;
import io.github.terminable.Terminables;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Shared by the scenario programs (which use only the API): starts terminable threads on the
 * JVM-wide coordinator whose callbacks print {@code CALLBACK <name>} and whose bodies, once
 * interrupted, print {@code CLEANUP <name>}.
 */
final class Workers {

    private Workers() {
    }

    static List<TerminableThread> start(int count) {
        List<TerminableThread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add(Terminables.global().threadBuilder().name("worker-" + i).onTerminate(t -> {
                System.out.println("CALLBACK " + t.name());
                t.thread().interrupt();
            }).start(Workers::waitThenClean));
        }
        return threads;
    }

    static void waitThenClean() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException terminated) {
            System.out.println("CLEANUP " + Thread.currentThread().getName());
        }
    }
}
