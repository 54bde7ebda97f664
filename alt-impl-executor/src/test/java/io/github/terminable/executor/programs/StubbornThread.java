package io.github.terminable.executor.programs;

import io.github.terminable.Terminables;

/**
 * Child program: a terminable thread that ignores termination, then {@code System.exit(0)}. The
 * hook must report it with {@code TERMINABLE-DEADLINE} and the JVM must still exit (rule 4.8).
 */
public final class StubbornThread {

    private StubbornThread() {
    }

    public static void main(String[] args) {
        Terminables.global().threadBuilder().name("stubborn").start(Programs::ignoreTermination);
        System.out.println("ready");
        System.exit(0);
    }
}
