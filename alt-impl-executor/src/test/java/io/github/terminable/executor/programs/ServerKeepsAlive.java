package io.github.terminable.executor.programs;

import io.github.terminable.TerminableThread;
import io.github.terminable.Terminables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Child program: main starts a terminable thread and a plain non-daemon "server" thread, then
 * returns. Nothing may be terminated while the server runs (rule 4.4); the server ends when a
 * line arrives on stdin, reporting whether termination had been requested meanwhile.
 */
public final class ServerKeepsAlive {

    private ServerKeepsAlive() {
    }

    public static void main(String[] args) {
        TerminableThread worker = Terminables.global().threadBuilder().name("worker").onTerminate(t -> {
            System.out.println("callback worker");
            t.thread().interrupt();
        }).start(() -> Programs.workUntilInterrupted("cleanup worker"));
        Thread server = new Thread(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            System.out.println("server-saw-requested=" + worker.isTerminationRequested());
        }, "server");
        server.start();
        System.out.println("main-returned");
    }
}
