package io.github.terminable.examples.demo;

/**
 * Status-quo variant of the demo: connects, sends, prints the echo and returns from {@code main}
 * without {@code close()}, with the client's worker on a <b>daemon</b> worker thread. Expected: the JVM exits as soon as {@code main} returns, and the server gets no close frame (only a dropped connection).
 *
 * <p>The body is {@code StatusQuoVariant.run}. Run by {@code SideBySide} in a child JVM; by hand:
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
        StatusQuoVariant.run(args, DaemonThreadVariant.class, true, "daemon-thread");
    }
}
