package io.github.terminable.examples;

import java.time.Duration;

/**
 * The one time multiplier for every timing window of these tests: system property
 * {@code terminable.tck.timeFactor} or environment variable {@code TERMINABLE_TCK_TIME_FACTOR}
 * (default 1).
 */
public final class TimeFactor {

    private TimeFactor() {
    }

    /**
     * Returns the multiplier.
     *
     * @return a whole number, at least 1
     */
    public static long get() {
        String value = System.getProperty("terminable.tck.timeFactor", System.getenv("TERMINABLE_TCK_TIME_FACTOR"));
        return value == null || value.isBlank() ? 1 : Math.max(1, Long.parseLong(value.trim()));
    }

    /**
     * Scales a window by the multiplier.
     *
     * @param window the window at factor 1
     * @return the scaled window
     */
    public static Duration scaled(Duration window) {
        return window.multipliedBy(get());
    }
}
