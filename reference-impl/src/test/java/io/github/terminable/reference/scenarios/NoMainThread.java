package io.github.terminable.reference.scenarios;

import io.github.terminable.Terminables;

/**
 * The JVM-wide coordinator installed after main has ended (rule 4.13): the watcher prints
 * TERMINABLE-NO-MAIN and judges quiescence on the live non-daemon threads.
 */
public final class NoMainThread {
    public static void main(String[] args) {
        Thread mainThread = Thread.currentThread();
        Thread installer = new Thread(() -> {
            try {
                mainThread.join();
            } catch (InterruptedException e) {
                return;
            }
            Workers.start(2);
            System.out.println("INSTALLED");
        }, "installer");
        installer.start();
    }
}
