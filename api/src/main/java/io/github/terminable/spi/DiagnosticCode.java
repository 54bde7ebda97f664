package io.github.terminable.spi;

/**
 * The stable diagnostic codes of the specification's "Diagnostic output" table
 * ({@code spec/README.md}, section 8). Every line an implementation writes to
 * {@code System.err}, and every {@link io.github.terminable.TerminableProviderException} message,
 * begins with one of these codes, followed by a colon and a space; tools may search for them.
 *
 * <p>This enum is the one place the codes are spelled. The API jar uses it for the discovery
 * codes ({@code TERMINABLE-1} to {@code TERMINABLE-4}, rules 7.2 and 7.3); implementations use it
 * for the others. The API's own tests check that its constants and the spec's table list the
 * same codes, so neither can gain a code the other lacks.
 *
 * <p><b>Thread-safety.</b> Immutable; safe from any thread.
 */
public enum DiagnosticCode {

    /** No provider found (rule 7.3). */
    NO_PROVIDER("TERMINABLE-1", "7.3"),
    /** Providers were declared, but none could be loaded (rule 7.3). */
    NO_LOADABLE_PROVIDER("TERMINABLE-2", "7.3"),
    /** The provider named by the system property is unusable (rules 7.1 and 7.3). */
    NAMED_PROVIDER_UNUSABLE("TERMINABLE-3", "7.1, 7.3"),
    /** Several providers were found; the line names the one chosen (rule 7.2). */
    SEVERAL_PROVIDERS("TERMINABLE-4", "7.2"),
    /**
     * A callback threw and the coordinator has no listener, or an overrun callback threw later,
     * whatever the listeners (rules 3.5 and 3.12).
     */
    CALLBACK_FAILED("TERMINABLE-CALLBACK-FAILED", "3.5, 3.12"),
    /** A listener threw (rule 8.4), or a delivery during a shutdown did not return within its bound (rule 8.1). */
    LISTENER_FAILED("TERMINABLE-LISTENER-FAILED", "8.1, 8.4"),
    /**
     * The hook's wait, or a shutdown begun by quiescence, exceeded {@code shutdownDeadline}; the
     * line is followed by {@code ShutdownReport.describe()} (rules 4.8 and 4.12).
     */
    DEADLINE("TERMINABLE-DEADLINE", "4.8, 4.12"),
    /** With {@code reportKeepAliveThreads}, the blockers after {@code main} ended (rule 4.4). */
    KEEPALIVE("TERMINABLE-KEEPALIVE", "4.4"),
    /** The global coordinator found no main thread when it was installed (rule 4.13). */
    NO_MAIN("TERMINABLE-NO-MAIN", "4.13"),
    /**
     * The global coordinator was installed with a {@code callbackTimeout} not shorter than its
     * {@code shutdownDeadline} (rule 9.2).
     */
    SETTINGS("TERMINABLE-SETTINGS", "9.2"),
    /** A deferred cleanup action of a loop threw; the line names the loop (rule 5.5). */
    CLEANUP_FAILED("TERMINABLE-CLEANUP-FAILED", "5.5"),
    /**
     * An implementation-owned thread failed with an error the implementation did not expect; the
     * line names the thread, and the implementation goes on with its other work (rule 1.8).
     */
    INTERNAL_ERROR("TERMINABLE-INTERNAL-ERROR", "1.8");

    private final String code;
    private final String rules;

    DiagnosticCode(String code, String rules) {
        this.code = code;
        this.rules = rules;
    }

    /**
     * Returns the code as it appears at the start of a line, for example
     * {@code "TERMINABLE-DEADLINE"}.
     *
     * @return the code, never {@code null}
     */
    public String code() {
        return code;
    }

    /**
     * Returns the spec rules that require this code, as the spec's table lists them, for example
     * {@code "4.8, 4.12"}.
     *
     * @return the rule ids, comma-separated, never {@code null}
     */
    public String rules() {
        return rules;
    }

    /**
     * Returns the start of a line with this code: the code, a colon and a space.
     *
     * @param message what follows the code; must not be {@code null}
     * @return {@code code() + ": " + message}
     * @throws NullPointerException if {@code message} is {@code null}
     */
    public String line(String message) {
        if (message == null) {
            throw new NullPointerException("message must not be null");
        }
        return code + ": " + message;
    }

    /**
     * Returns the whole text of a diagnostic: {@link #line(String) its line}, a line separator
     * and, if {@code failure} is given, the failure's stack trace. An implementation writes it with
     * one call, so that concurrent diagnostics do not interleave line by line.
     *
     * @param message what follows the code; must not be {@code null}
     * @param failure the failure to print after the line, or {@code null} for none
     * @return the text, ending with a line separator
     * @throws NullPointerException if {@code message} is {@code null}
     */
    public String render(String message, Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.PrintWriter out = new java.io.PrintWriter(text);
        out.println(line(message));
        if (failure != null) {
            failure.printStackTrace(out);
        }
        out.flush();
        return text.toString();
    }

    /**
     * Writes {@link #render(String, Throwable) the diagnostic} to {@code System.err} with one
     * {@code print}, then flushes: the one way implementations and this API write a diagnostic,
     * so that reports from different threads never interleave.
     *
     * <p><b>Thread-safety.</b> Safe from any thread. {@code System.err} is looked up at each call,
     * so a stream the application (or a test) installed later is used.
     *
     * @param message what follows the code; must not be {@code null}
     * @param failure the failure to print after the line, or {@code null} for none
     * @throws NullPointerException if {@code message} is {@code null}
     */
    public void report(String message, Throwable failure) {
        String text = render(message, failure);
        java.io.PrintStream err = System.err;
        err.print(text);
        err.flush();
    }

    /**
     * Returns {@link #code()}.
     *
     * @return the code
     */
    @Override
    public String toString() {
        return code;
    }
}
