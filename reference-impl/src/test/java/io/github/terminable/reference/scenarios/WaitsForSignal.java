package io.github.terminable.reference.scenarios;

/** main never ends; a signal ends the JVM through the hook path (rule 4.7). */
public final class WaitsForSignal {
    public static void main(String[] args) throws InterruptedException {
        Workers.start(5);
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
