package io.github.terminable.reference.scenarios;

import io.github.terminable.Terminables;

/** A thread that ignores termination, on the hook path: a deadline report, then exit (rule 4.8). */
public final class StubbornThread {
    public static void main(String[] args) {
        Terminables.global().threadBuilder().name("stubborn").start(StubbornThread::ignoreEveryInterrupt);
        System.out.println("READY");
        System.exit(5);
    }

    static void ignoreEveryInterrupt() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                System.out.println("IGNORED-INTERRUPT");
            }
        }
    }
}
