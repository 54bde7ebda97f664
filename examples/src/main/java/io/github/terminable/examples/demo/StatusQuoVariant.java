package io.github.terminable.examples.demo;

import io.github.terminable.examples.statusquo.ThreadedWebSocketClient;

import java.net.URI;
import java.time.Duration;

/**
 * The forgetful {@code main} of the two status-quo variants, {@link DaemonThreadVariant} and
 * {@link PlainThreadVariant}, which differ only in whether the client's worker thread is a
 * daemon: connect, send, print the echo and return without {@code close()}. What each variant's
 * JVM then does is told in that variant's class comment; the driver ({@code SideBySide}, in the
 * test sources) reads the lines this prints through {@link VariantArgs}.
 *
 * <p><b>Thread-safety.</b> Stateless; called once, from {@code main}.
 */
final class StatusQuoVariant {

    private StatusQuoVariant() {
    }

    /**
     * Runs one status-quo variant.
     *
     * @param args the variant's command line: the server's {@code ws:} URI
     * @param program the variant's class, named in the usage message
     * @param daemon whether the client's worker thread is a daemon
     * @param kind the variant's kind, named in the message it sends
     * @throws Exception if connecting or sending fails
     */
    static void run(String[] args, Class<?> program, boolean daemon, String kind) throws Exception {
        URI uri = VariantArgs.serverUri(args, program);
        ThreadedWebSocketClient client = ThreadedWebSocketClient.connect(uri, daemon);
        client.send("hello from the " + kind + " variant");
        System.out.println(VariantArgs.ECHO + client.receive(Duration.ofSeconds(5)).orElse("<nothing>"));
        System.out.println(VariantArgs.MAIN_RETURNS);
        // No close(): forgotten on purpose, as in the bug reports spec/README.md cites under "The daemon dilemma".
    }
}
