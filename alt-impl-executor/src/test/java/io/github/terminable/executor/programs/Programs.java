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
}
