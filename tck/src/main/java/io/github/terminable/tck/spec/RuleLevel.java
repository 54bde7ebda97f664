package io.github.terminable.tck.spec;

/**
 * A rule's conformance level, as written after {@code **Level:**} in the spec.
 */
public enum RuleLevel {
    /** The rule must hold; a test name starts with {@code required_} or {@code stochastic_}. */
    REQUIRED,
    /** The rule is optional; its tests are named {@code optional_}; a failure is still a failure. */
    OPTIONAL;

    /**
     * Returns the lower-case name used in the spec and reports.
     *
     * @return {@code required} or {@code optional}
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
