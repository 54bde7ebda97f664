package io.github.terminable.tck.spec;

/**
 * Whom a spec clause binds, as marked after its identifier (see the spec's Traceability
 * section).
 */
public enum ClauseBinding {
    /** No marker: the clause binds implementations, and its tests tell them apart. */
    IMPLEMENTATION,
    /**
     * {@code (binds: API)}: the clause binds the API jar every implementation shares; its tests
     * pass or fail alike for every implementation.
     */
    API,
    /** {@code (binds: application)}: the clause binds application code; no TCK can test it. */
    APPLICATION;

    /**
     * Returns the marker's word, or an empty string for implementations.
     *
     * @return {@code API}, {@code application} or empty
     */
    public String label() {
        return switch (this) {
            case IMPLEMENTATION -> "";
            case API -> "API";
            case APPLICATION -> "application";
        };
    }
}
