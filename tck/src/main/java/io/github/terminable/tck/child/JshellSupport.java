package io.github.terminable.tck.child;

import io.github.terminable.Terminables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Called from a {@code jshell} script in the TCK's interactive-session tests (rule 4.10): starts
 * a terminable thread on the global coordinator whose cleanup writes a marker file, so that the
 * test can tell whether {@code /exit} ran the cleanup, or one that ignores termination.
 */
public final class JshellSupport {

    private JshellSupport() {
    }

    /**
     * Starts the worker and prints {@code READY}.
     *
     * @param markerFile the file the worker's cleanup writes
     */
    public static void startWorker(String markerFile) {
        Terminables.global().threadBuilder().name("jshell-worker").start(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // terminated: clean up below
            } finally {
                try {
                    Files.writeString(Path.of(markerFile), "cleaned up by jshell-worker", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        System.out.println("READY");
        System.out.flush();
    }

    /**
     * Starts a worker that ignores every termination request (it swallows interrupts and never
     * returns) and prints {@code READY pid=<pid>} with the execution JVM's process id: that JVM
     * must still end after {@code /exit} (rule 4.10).
     */
    public static void startStubbornWorker() {
        Terminables.global().threadBuilder().name("jshell-stubborn-worker").start(() -> {
            CountDownLatch never = new CountDownLatch(1);
            while (true) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // ignores termination on purpose
                }
            }
        });
        System.out.println("READY pid=" + ProcessHandle.current().pid());
        System.out.flush();
    }
}
