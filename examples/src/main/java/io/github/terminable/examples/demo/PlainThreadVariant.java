package io.github.terminable.examples.demo;

/**
 * Status-quo variant of the demo: connects, sends, prints the echo and returns from {@code main}
 * without {@code close()}, with the client's worker on a plain <b>non-daemon</b> worker thread. Expected: the JVM never exits after {@code main} returns (the demo driver kills it after a timeout), and the server gets no close frame.
 *
 * <p>The body is {@code StatusQuoVariant.run}. Run by {@code SideBySide} in a child JVM; by hand:
 * {@code java -cp CLASSPATH PlainThreadVariant ws://127.0.0.1:PORT/echo}.
 */
public final class PlainThreadVariant {

    private PlainThreadVariant() {
    }

    /**
     * Runs the variant.
     *
     * @param args one argument: the server's {@code ws:} URI
     * @throws Exception if connecting or sending fails
     */
    public static void main(String[] args) throws Exception {
        StatusQuoVariant.run(args, PlainThreadVariant.class, false, "plain-thread");
    }
}
