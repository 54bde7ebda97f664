package io.github.terminable.tck.harness;

import org.opentest4j.TestAbortedException;

/**
 * Marks a test as not applicable on this runtime (for example virtual threads on JDK 17). The
 * test is aborted with a message starting with {@value #PREFIX}; the runner reports such a rule
 * as "not applicable" rather than passed, failed or skipped.
 */
public final class Applicability {

    /** The prefix of every not-applicable abort message. */
    public static final String PREFIX = "not applicable: ";

    private Applicability() {
    }

    /**
     * Aborts the current test as not applicable unless {@code applies} holds.
     *
     * @param applies whether the rule applies here
     * @param reason why it would not, e.g. "virtual threads need Java 21, this is Java 17"
     * @throws TestAbortedException if it does not apply
     */
    public static void assumeApplicable(boolean applies, String reason) {
        if (!applies) {
            throw new TestAbortedException(PREFIX + reason);
        }
    }

    /**
     * Returns the feature version of the running Java, such as 17 or 25.
     *
     * @return the feature version
     */
    public static int javaFeatureVersion() {
        return Runtime.version().feature();
    }
}
