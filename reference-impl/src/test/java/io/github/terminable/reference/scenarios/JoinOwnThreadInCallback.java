package io.github.terminable.reference.scenarios;

import io.github.terminable.Terminables;

import java.time.Duration;

/**
 * On the quiescence path the last thread is held alive after its body ended (rule 4.11); a
 * callback that waits for its own thread with {@code TerminableThread.join(Duration)} sees the end
 * of the body at once instead of waiting for the held thread.
 */
public final class JoinOwnThreadInCallback {
    public static void main(String[] args) {
        Terminables.global().threadBuilder().name("joined").onTerminate(t -> {
            t.thread().interrupt();
            long start = System.nanoTime();
            boolean ended = t.join(Duration.ofSeconds(60));
            System.out.println("JOINED " + ended + " " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }).start(Workers::waitThenClean);
        System.out.println("READY");
    }
}
