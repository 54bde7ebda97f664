package io.github.terminable.examples.demo;

import io.github.terminable.examples.statusquo.ThreadedWebSocketClient;

import java.net.URI;
import java.time.Duration;

/**
 * Status-quo variant of the demo: connects, sends, prints the echo and returns from {@code main}
 * without {@code close()}, with the client's worker on a <b>daemon</b> worker thread. Expected: the JVM exits as soon as {@code main} returns, and the server gets no close frame (only a dropped connection).
 *
 * <p>Run by {@code SideBySide} in a child JVM; by hand:
 * {@code java -cp CLASSPATH DaemonThreadVariant ws://127.0.0.1:PORT/echo}.
 */
public final class DaemonThreadVariant {

    private DaemonThreadVariant() {
    }

    /**
     * Runs the variant.
     *
     * @param args one argument: the server's {@code ws:} URI
     * @throws Exception if connecting or sending fails
     */
    public static void main(String[] args) throws Exception {
        URI uri = VariantArgs.serverUri(args, DaemonThreadVariant.class);
        ThreadedWebSocketClient client = ThreadedWebSocketClient.connect(uri, true);
        client.send("hello from the daemon-thread variant");
        System.out.println(VariantArgs.ECHO + client.receive(Duration.ofSeconds(5)).orElse("<nothing>"));
        System.out.println(VariantArgs.MAIN_RETURNS);
        // No close(): forgotten on purpose, as in the bug reports spec/README.md cites under "The daemon dilemma".
    }
}
