package io.github.terminable.tck.spec;

import java.util.Map;

/**
 * The one place that lists spec clauses the TCK does not test, each with the reason. The
 * runner reports them as "untested" with the reason; the build-time traceability check accepts
 * them in place of a test. Every clause marked {@code (binds: application)} is listed here,
 * since no TCK can test what applications do. Keep the rest of the list empty whenever
 * possible.
 */
public final class UntestedClauses {

    private static final String APPLICATION = "binds applications, not implementations: no TCK can test it";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("1.1.h", APPLICATION),
            Map.entry("1.9.b", APPLICATION),
            Map.entry("2.2.d", "a cost (amortized constant time) with no pass/fail threshold that holds on a loaded"
                    + " machine; the benchmarks measure it"),
            Map.entry("2.5.b", "holds for every in-process test of the TCK, which all run on independent coordinators;"
                    + " no single test is its check"),
            Map.entry("2.6.f", APPLICATION),
            Map.entry("4.7.c", "a signal handler installed by an implementation cannot be told apart from the JVM's"
                    + " own without JDK-internal APIs; 4.7.a and 4.7.b check that the signals take the hook path"),
            Map.entry("4.10.a", "forbids a mechanism that has no observable interface: no test can enumerate every way"
                    + " to detect a REPL; 4.10.b checks that jshell takes the hook path"),
            Map.entry("4.11.c", APPLICATION),
            Map.entry("6.1.c", "checked where it applies by VirtualThreads.required_withoutVirtualThreadsAskingForOne"
                    + "FailsAtOnce (6.2.a), which runs whenever an implementation reports no support; a required test"
                    + " cannot cite a clause of the optional rule 6.1"),
            Map.entry("6.2.c", "observable only on Java 19 or 20 without --enable-preview, where Thread.ofVirtual()"
                    + " exists but throws; the TCK runs on Java 17 and 21 or later"),
            Map.entry("7.2.d", "'cheap' has no pass/fail threshold; 7.2.e (the constructor starts nothing) is tested"),
            Map.entry("8.1.b", APPLICATION),
            Map.entry("8.5.b", "a cost with no pass/fail threshold that holds on a loaded machine"));

    private UntestedClauses() {
    }

    /**
     * Returns the untested clauses and why.
     *
     * @return clause id to reason
     */
    public static Map<String, String> reasons() {
        return REASONS;
    }
}
