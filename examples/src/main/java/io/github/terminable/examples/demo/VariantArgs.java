package io.github.terminable.examples.demo;

import java.net.URI;

/**
 * The command line and the output lines shared by the three demo variants, so the driver can
 * read every variant the same way.
 *
 * <p><b>Thread-safety.</b> Stateless.
 */
public final class VariantArgs {

    /** Printed by each variant just before its {@code main} returns, without {@code close()}. */
    public static final String MAIN_RETURNS = "MAIN-RETURNS";

    /** Prefix of the line with the server's echo of the variant's message. */
    public static final String ECHO = "ECHO ";

    private VariantArgs() {
    }

    /**
     * Reads the one argument of a variant: the server's URI.
     *
     * @param args the command line
     * @param program the variant's class, named in the usage message
     * @return the URI
     * @throws IllegalArgumentException if there is not exactly one argument
     */
    public static URI serverUri(String[] args, Class<?> program) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java " + program.getName() + " ws://HOST:PORT/PATH");
        }
        return URI.create(args[0]);
    }
}
