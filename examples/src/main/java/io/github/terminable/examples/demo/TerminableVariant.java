package io.github.terminable.examples.demo;

import io.github.terminable.examples.SyncWebSocketClient;

import java.net.URI;
import java.time.Duration;

/**
 * This project's variant of the demo: connects, sends, prints the echo and returns from
 * {@code main} without {@code close()}, with the client's loop on a terminable thread. Expected:
 * the JVM exits promptly (quiescence, rule 4.2) and the server gets a close frame with status 1001
 * (going away), sent by the loop's deferred cleanup (rule 5.5) before the loop thread ends. The
 * loop's turn in that shutdown ends when the loop thread has ended, after the goodbye (completion
 * order, rule 3.2), and the JVM exits once the shutdown has completed.
 *
 * <p>Needs a terminable implementation on the run-time class path, such as
 * {@code terminable-reference}. Run by {@code SideBySide} in a child JVM; by hand:
 * {@code java -cp CLASSPATH TerminableVariant ws://127.0.0.1:PORT/echo}.
 */
public final class TerminableVariant {

    private TerminableVariant() {
    }

    /**
     * Runs the variant.
     *
     * @param args one argument: the server's {@code ws:} URI
     * @throws Exception if connecting or sending fails
     */
    public static void main(String[] args) throws Exception {
        URI uri = VariantArgs.serverUri(args, TerminableVariant.class);
        SyncWebSocketClient client = SyncWebSocketClient.connect(uri);
        client.send("hello from the terminable variant");
        System.out.println(VariantArgs.ECHO + client.receive(Duration.ofSeconds(5)).orElse("<nothing>"));
        System.out.println(VariantArgs.MAIN_RETURNS);
        // No close(): forgotten on purpose. The coordinator closes the connection properly.
    }
}
