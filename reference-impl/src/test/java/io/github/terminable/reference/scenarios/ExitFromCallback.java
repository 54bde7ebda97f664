package io.github.terminable.reference.scenarios;

import io.github.terminable.Terminables;

/** A callback that calls System.exit during the quiescence shutdown: no deadlock (rule 4.9). */
public final class ExitFromCallback {
    public static void main(String[] args) {
        Workers.start(2);
        Terminables.global().threadBuilder().name("exiter").onTerminate(t -> {
            t.thread().interrupt();
            System.out.println("CALLBACK exiter calls System.exit(7)");
            System.exit(7);
        }).start(Workers::waitThenClean);
        System.out.println("READY");
    }
}
