package io.github.terminable.executor.programs;

import io.github.terminable.Terminables;

/**
 * Child program: main returns; quiescence invokes a callback that calls {@code System.exit(7)}
 * (rule 4.9). The process must exit with 7, and the other thread must still be terminated.
 */
public final class CallbackCallsExit {

    private CallbackCallsExit() {
    }

    public static void main(String[] args) {
        Terminables.global().threadBuilder().name("first").onTerminate(t -> {
            System.out.println("callback first");
            t.thread().interrupt();
        }).start(() -> Programs.workUntilInterrupted("cleanup first"));
        Terminables.global().threadBuilder().name("exiter").onTerminate(t -> {
            System.out.println("callback exiter");
            t.thread().interrupt();
            System.exit(7);
        }).start(() -> Programs.workUntilInterrupted("cleanup exiter"));
        System.out.println("main-returned");
    }
}
