package io.github.terminable.executor.programs;

import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child program for rule 4.11: the callback of the last terminable thread ends that thread and
 * then keeps running. Only the implementation's hold on the last thread keeps the JVM from
 * starting its hooks now; the JVM hook prints the phase it sees, and the callback waits, for at
 * most {@code args[0]} milliseconds, to learn whether a JVM hook started while it was running.
 */
public final class CallbackOutlivesLastThread {

    private CallbackOutlivesLastThread() {
    }

    public static void main(String[] args) {
        long windowMillis = Long.parseLong(args[0]);
        TerminationCoordinator global = Terminables.global();
        CountDownLatch hookStarted = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("jvm-hook phase " + global.phase());
            hookStarted.countDown();
        }));
        global.threadBuilder().name("worker").onTerminate(t -> {
            t.thread().interrupt();
            // ENDED and forgotten: from here on only this callback keeps the shutdown unfinished.
            if (!t.join(Duration.ofSeconds(30))) {
                System.out.println("worker-did-not-end");
                return;
            }
            boolean hookRan = hookStarted.await(windowMillis, TimeUnit.MILLISECONDS);
            System.out.println("callback-returns hook-started=" + hookRan);
        }).start(() -> Programs.workUntilInterrupted("cleanup"));
        System.out.println("main-returned");
    }
}
