package io.github.terminable.executor.programs;

import io.github.terminable.Terminables;

/**
 * Child program: a terminable thread that ignores termination, then {@code System.exit(0)}. The
 * hook must report it with {@code TERMINABLE-DEADLINE} and the JVM must still exit (rule 4.8),
 * also when (argument {@code block-listener}) a {@code deadlineMissed} listener never returns.
 */
public final class StubbornThread {

    private StubbornThread() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("block-listener")) {
            // Rule 4.8: the hook tells listeners on a daemon thread and waits at most 1 s for them.
            Terminables.global().addListener(new io.github.terminable.TerminationListener() {
                @Override
                public void deadlineMissed(io.github.terminable.ShutdownReport report) {
                    System.out.println("listener-called");
                    Programs.ignoreTermination();
                }
            });
        }
        Terminables.global().threadBuilder().name("stubborn").start(Programs::ignoreTermination);
        System.out.println("ready");
        System.exit(0);
    }
}
