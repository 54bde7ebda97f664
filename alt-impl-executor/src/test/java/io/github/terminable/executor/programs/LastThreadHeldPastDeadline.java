package io.github.terminable.executor.programs;

import io.github.terminable.Terminables;

import java.util.concurrent.CountDownLatch;

/**
 * Child program: the only terminable thread ends at once when interrupted, but its callback then
 * blocks far beyond the shutdown deadline. The thread, the last one, is held (rule 4.11) until
 * the quiescence deadline is reported (rule 4.12), not until the callback's overrun.
 */
public final class LastThreadHeldPastDeadline {

    private LastThreadHeldPastDeadline() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("jvm-hook")));
        Terminables.global().threadBuilder().name("held").onTerminate(t -> {
            t.thread().interrupt();
            new CountDownLatch(1).await(); // overruns only at the (long) callback timeout
        }).start(() -> Programs.workUntilInterrupted("cleanup held"));
        System.out.println("main-returned");
    }
}
