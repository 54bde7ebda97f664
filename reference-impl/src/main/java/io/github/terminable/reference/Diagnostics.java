package io.github.terminable.reference;

import io.github.terminable.spi.DiagnosticCode;

import java.io.PrintStream;

/**
 * Writes this implementation's diagnostics to {@code System.err}, each starting with its stable
 * code ({@link DiagnosticCode}, the table "Diagnostic output" in {@code spec/README.md}; rules 1.8,
 * 3.5, 3.12, 4.4, 4.8, 4.12, 4.13, 5.5, 8.4 and 9.2).
 *
 * <p>Every report is rendered completely first and then written with one {@code print}, so
 * reports from different threads never interleave.
 *
 * <p><b>Thread-safety.</b> Stateless; safe from any thread. {@code System.err} is looked up at
 * each call, so a test that replaces it sees the output.
 */
final class Diagnostics {

    private Diagnostics() {
    }

    /**
     * Writes {@code code: message}, followed by the stack trace of {@code error} if present.
     *
     * @param code the diagnostic code
     * @param message the message
     * @param error the failure to print, or {@code null}
     */
    static void report(DiagnosticCode code, String message, Throwable error) {
        PrintStream err = System.err;
        err.print(code.render(message, error));
        err.flush();
    }
}
