package io.github.terminable.reference;

import java.time.Duration;

/**
 * The time multiplier of every timing window in these tests: system property
 * {@code terminable.tck.timeFactor}, else environment variable {@code TERMINABLE_TCK_TIME_FACTOR},
 * else 1.
 */
final class TimeFactor {

    static final double FACTOR = read();

    private TimeFactor() {
    }

    private static double read() {
        String value = System.getProperty("terminable.tck.timeFactor");
        if (value == null || value.isBlank()) {
            value = System.getenv("TERMINABLE_TCK_TIME_FACTOR");
        }
        if (value == null || value.isBlank()) {
            return 1;
        }
        double f = Double.parseDouble(value.trim());
        if (!(f > 0)) {
            throw new IllegalArgumentException("terminable.tck.timeFactor must be positive, got " + value);
        }
        return f;
    }

    /** Returns {@code d} multiplied by the factor. */
    static Duration scaled(Duration d) {
        return Duration.ofNanos((long) (d.toNanos() * FACTOR));
    }

    static Duration millis(long ms) {
        return scaled(Duration.ofMillis(ms));
    }

    static Duration seconds(long s) {
        return scaled(Duration.ofSeconds(s));
    }
}
