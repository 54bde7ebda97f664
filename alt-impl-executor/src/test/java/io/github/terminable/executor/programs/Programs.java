package io.github.terminable.executor.programs;

import java.util.concurrent.CountDownLatch;

/** Bodies shared by the child programs. */
final class Programs {

    private Programs() {
    }

    /** Waits until interrupted, then prints {@code cleanupLine} as its cleanup. */
    static void workUntilInterrupted(String cleanupLine) {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException termination) {
            System.out.println(cleanupLine);
        }
    }

    /** Blocks the calling thread forever, ignoring interrupts. */
    static void ignoreTermination() {
        Object never = new Object();
        synchronized (never) {
            for (;;) {
                try {
                    never.wait();
                } catch (InterruptedException ignored) {
                    // a stubborn thread
                }
            }
        }
    }
}
