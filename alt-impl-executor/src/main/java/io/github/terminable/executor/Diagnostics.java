package io.github.terminable.executor;

import io.github.terminable.spi.DiagnosticCode;

import java.io.PrintStream;

/**
 * Writes the stable diagnostic lines of the specification to {@code System.err}.
 *
 * <p>Each line starts with its code ({@link DiagnosticCode}, the table "Diagnostic output" in
 * {@code spec/README.md}), followed by a colon and a space, so tools and tests can find it.
 *
 * <p><b>Thread-safety.</b> Stateless; each report is rendered first and then written with one
 * {@code print} call, so concurrent reports do not interleave line by line. {@code System.err} is
 * looked up at each report, so a stream the application installed later is used.
 */
final class Diagnostics {

    private Diagnostics() {
    }

    /**
     * Writes {@code code}, the message and, if given, the stack trace of {@code error}.
     *
     * @param code the diagnostic code
     * @param message the rest of the first line
     * @param error a failure to print, or {@code null}
     */
    static void report(DiagnosticCode code, String message, Throwable error) {
        PrintStream err = System.err;
        err.print(code.render(message, error));
        err.flush();
    }
}
