package io.github.terminable.tck.spec;

/**
 * How one executed TCK test ended.
 */
public enum TestStatus {
    /** It passed. */
    PASSED,
    /** It failed (an optional rule's test too: a failure is never reported as skipped). */
    FAILED,
    /** It cannot apply on this runtime (for example virtual threads on Java 17). */
    NOT_APPLICABLE,
    /** It was skipped or aborted for another reason. */
    SKIPPED
}
