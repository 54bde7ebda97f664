package io.github.terminable.executor.programs;

import io.github.terminable.Terminables;

/**
 * Child program: main returns at once; a plain non-daemon thread waits for main to end, then
 * installs the JVM-wide coordinator and starts one terminable thread. The watcher finds no main
 * thread (rule 4.13) and judges quiescence on the live non-daemon threads.
 */
public final class GlobalInstalledAfterMain {

    private GlobalInstalledAfterMain() {
    }

    public static void main(String[] args) {
        Thread main = Thread.currentThread();
        Thread late = new Thread(() -> {
            try {
                main.join();
            } catch (InterruptedException e) {
                return;
            }
            Terminables.global().threadBuilder().name("worker").start(() -> Programs.workUntilInterrupted("cleanup worker"));
            System.out.println("late-returns");
        }, "late");
        late.start();
    }
}
