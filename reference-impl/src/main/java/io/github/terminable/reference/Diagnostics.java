package io.github.terminable.reference;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Writes this implementation's diagnostics to {@code System.err}, each starting with a stable
 * code (rules 3.5, 3.12, 4.4, 4.8, 4.12, 4.13, 8.4 and 9.2).
 *
 * <p>Every report is rendered completely first and then written with one {@code println}, so
 * reports from different threads never interleave.
 *
 * <p><b>Thread-safety.</b> Stateless; safe from any thread. {@code System.err} is looked up at
 * each call, so a test that replaces it sees the output.
 */
final class Diagnostics {

    /**
     * A termination callback threw and the coordinator has no listener (rule 3.5), or threw after
     * it had been declared overrun (rule 3.12).
     */
    static final String CALLBACK_FAILED = "TERMINABLE-CALLBACK-FAILED";
    /** A listener threw or blocked longer than the callback bound (rule 8.4). */
    static final String LISTENER_FAILED = "TERMINABLE-LISTENER-FAILED";
    /** The JVM-exit path or the quiescence path missed the shutdown deadline (rules 4.8 and 4.12). */
    static final String DEADLINE = "TERMINABLE-DEADLINE";
    /** Non-terminable non-daemon threads keep the JVM alive after {@code main} ended (rule 4.4). */
    static final String KEEPALIVE = "TERMINABLE-KEEPALIVE";
    /** The JVM-wide coordinator was installed with {@code callbackTimeout >= shutdownDeadline} (rule 9.2). */
    static final String SETTINGS = "TERMINABLE-SETTINGS";
    /** No main thread was alive when the JVM-wide coordinator was installed (rule 4.13). */
    static final String NO_MAIN = "TERMINABLE-NO-MAIN";
    /** A cleanup action deferred on a background loop threw (rule 5.5). */
    static final String CLEANUP_FAILED = "TERMINABLE-CLEANUP-FAILED";
    /** A failure inside this implementation itself; never expected. */
    static final String INTERNAL_ERROR = "TERMINABLE-INTERNAL-ERROR";

    private Diagnostics() {
    }

    /**
     * Writes {@code code: message}, followed by the stack trace of {@code error} if present.
     *
     * @param code the diagnostic code
     * @param message the message
     * @param error the failure to print, or {@code null}
     */
    static void report(String code, String message, Throwable error) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.print(code);
        out.print(": ");
        out.print(message);
        if (error != null) {
            out.println();
            error.printStackTrace(out);
        }
        out.flush();
        String rendered = text.toString();
        if (rendered.endsWith(System.lineSeparator())) {
            rendered = rendered.substring(0, rendered.length() - System.lineSeparator().length());
        }
        System.err.println(rendered);
    }
}
