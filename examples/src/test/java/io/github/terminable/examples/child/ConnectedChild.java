package io.github.terminable.examples.child;

import io.github.terminable.examples.SyncWebSocketClient;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A child-JVM program for the exit-path tests: connects, sends, prints the echo, prints
 * {@value #READY}, and then either calls {@code System.exit(}{@value #EXIT_STATUS}{@code )}
 * (mode {@code exit}) or blocks its main thread for ever (mode {@code wait}), so that only a
 * signal can end it. It never calls {@code close()}.
 */
public final class ConnectedChild {

    /** Printed once the client is connected and has had its echo. */
    public static final String READY = "READY";

    /** The status mode {@code exit} exits with. */
    public static final int EXIT_STATUS = 42;

    private ConnectedChild() {
    }

    /**
     * Runs the program.
     *
     * @param args {@code exit|wait} and the server's URI
     * @throws Exception if connecting fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        SyncWebSocketClient client = SyncWebSocketClient.connect(URI.create(args[1]));
        client.send("hello from " + mode);
        System.out.println("ECHO " + client.receive(Duration.ofSeconds(10)).orElse("<nothing>"));
        System.out.println(READY);
        switch (mode) {
            case "exit" -> System.exit(EXIT_STATUS);
            case "wait" -> new CountDownLatch(1).await();
            default -> throw new IllegalArgumentException("mode must be exit or wait, got " + mode);
        }
        System.out.println("client still referenced: " + client); // keeps the client reachable until here
    }
}
