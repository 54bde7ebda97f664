package io.github.terminable.executor;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Writes the stable diagnostic lines of the specification to {@code System.err}.
 *
 * <p>Each line starts with its code, followed by a colon and a space, so tools and tests can find
 * it. The codes are those of the table "Diagnostic output" in {@code spec/README.md}:
 * {@code TERMINABLE-CALLBACK-FAILED} (rules 3.5 and 3.12), {@code TERMINABLE-LISTENER-FAILED}
 * (rule 8.4), {@code TERMINABLE-DEADLINE} (rules 4.8 and 4.12), {@code TERMINABLE-KEEPALIVE}
 * (rule 4.4), {@code TERMINABLE-NO-MAIN} (rule 4.13), {@code TERMINABLE-SETTINGS} (rule 9.2) and
 * {@code TERMINABLE-CLEANUP-FAILED} (rule 5.5, naming the loop).
 *
 * <p><b>Thread-safety.</b> Stateless; each report is rendered first and then written with one
 * {@code print} call, so concurrent reports do not interleave line by line.
 */
final class Diagnostics {

    /** Code of a termination callback that threw while no listener was registered. */
    static final String CALLBACK_FAILED = "TERMINABLE-CALLBACK-FAILED";
    /** Code of a listener that threw. */
    static final String LISTENER_FAILED = "TERMINABLE-LISTENER-FAILED";
    /** Code of a deferred cleanup action of a loop that threw (rule 5.5). */
    static final String CLEANUP_FAILED = "TERMINABLE-CLEANUP-FAILED";
    /** Code of a JVM-exit shutdown that missed its deadline. */
    static final String DEADLINE = "TERMINABLE-DEADLINE";
    /** Code of the keep-alive report of the quiescence watcher. */
    static final String KEEPALIVE = "TERMINABLE-KEEPALIVE";
    /** Code of the global coordinator's callbackTimeout >= shutdownDeadline warning (rule 9.2). */
    static final String SETTINGS = "TERMINABLE-SETTINGS";
    /** Code of the watcher that found no main thread at install (rule 4.13). */
    static final String NO_MAIN = "TERMINABLE-NO-MAIN";

    private Diagnostics() {
    }

    /**
     * Writes {@code code}, the message and, if given, the stack trace of {@code error}.
     *
     * @param code the diagnostic code
     * @param message the rest of the first line
     * @param error a failure to print, or {@code null}
     */
    static void report(String code, String message, Throwable error) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(code + ": " + message);
        if (error != null) {
            error.printStackTrace(out);
        }
        out.flush();
        PrintStream err = System.err;
        err.print(text);
        err.flush();
    }
}
