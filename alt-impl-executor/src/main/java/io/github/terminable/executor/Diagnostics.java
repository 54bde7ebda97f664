package io.github.terminable.executor;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Writes the stable diagnostic lines of the specification to {@code System.err}.
 *
 * <p>Each line starts with its code, so tools and tests can find it:
 * {@code TERMINABLE-CALLBACK-FAILED} (rules 3.5 and 3.12), {@code TERMINABLE-LISTENER-FAILED}
 * (rule 8.4), {@code TERMINABLE-DEADLINE} (rules 4.8 and 4.12), {@code TERMINABLE-KEEPALIVE}
 * (rule 4.4), {@code TERMINABLE-SETTINGS} (rule 9.2) and {@code TERMINABLE-NO-MAIN} (rule 4.13). Rule 5.5
 * asks for a line naming the loop when a cleanup action throws but defines no code; this
 * implementation uses {@code TERMINABLE-CLEANUP-FAILED} for it.
 *
 * <p><b>Thread-safety.</b> Stateless; each report is rendered first and then written with one
 * {@code print} call, so concurrent reports do not interleave line by line.
 */
final class Diagnostics {

    /** Code of a termination callback that threw while no listener was registered. */
    static final String CALLBACK_FAILED = "TERMINABLE-CALLBACK-FAILED";
    /** Code of a listener that threw. */
    static final String LISTENER_FAILED = "TERMINABLE-LISTENER-FAILED";
    /** Code of a loop cleanup action that threw (no code is defined by the specification). */
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
