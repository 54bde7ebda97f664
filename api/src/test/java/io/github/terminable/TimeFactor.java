package io.github.terminable;

/** The test time multiplier: {@code -Dterminable.tck.timeFactor} or {@code TERMINABLE_TCK_TIME_FACTOR}. */
final class TimeFactor {

    private TimeFactor() {
    }

    static long get() {
        String value = System.getProperty("terminable.tck.timeFactor", System.getenv("TERMINABLE_TCK_TIME_FACTOR"));
        return value == null || value.isBlank() ? 1 : Math.max(1, Long.parseLong(value.trim()));
    }
}
