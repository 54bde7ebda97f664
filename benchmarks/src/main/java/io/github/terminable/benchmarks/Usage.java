package io.github.terminable.benchmarks;

/**
 * The usage error of this module's command-line programs (those with a {@code main}, not the JMH
 * benchmarks): when a program's arguments do not fit, it prints {@code usage: ...} on
 * {@code System.err} and ends the JVM with status 2, the status the scripts and
 * {@code ProgramsSmokeTest} (in the test sources) treat as a bad call.
 *
 * <p><b>Thread-safety.</b> Stateless; called from {@code main} before any work starts.
 */
public final class Usage {

    private Usage() {
    }

    /**
     * Ends the JVM with a usage message and status 2 unless the arguments fit.
     *
     * @param argumentsFit whether the program's arguments are usable
     * @param usage the program's name and arguments, printed after {@code usage: }
     */
    public static void exitUnless(boolean argumentsFit, String usage) {
        if (!argumentsFit) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
    }
}
