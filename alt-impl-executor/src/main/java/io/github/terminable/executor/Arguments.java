package io.github.terminable.executor;

import java.time.Duration;

/**
 * Argument checks shared by the public entry points (rule 1.10): every bad argument is rejected
 * with an exception whose message names the parameter, before any state changes.
 *
 * <p><b>Thread-safety.</b> Stateless.
 */
final class Arguments {

    private Arguments() {
    }

    /**
     * Rejects {@code null}.
     *
     * @param <T> the argument type
     * @param value the argument
     * @param name the parameter name
     * @return {@code value}
     * @throws NullPointerException naming {@code name} if {@code value} is null
     */
    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /**
     * Rejects a null or blank name.
     *
     * @param value the name
     * @param name the parameter name
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is blank
     */
    static String notBlank(String value, String name) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * Rejects a null, zero or negative duration.
     *
     * @param value the duration
     * @param name the parameter name
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    static Duration positive(Duration value, String name) {
        notNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * Converts a duration to nanoseconds, saturating instead of overflowing.
     *
     * @param value a duration
     * @return its length in nanoseconds, at most {@link Long#MAX_VALUE}
     */
    static long saturatedNanos(Duration value) {
        try {
            return value.toNanos();
        } catch (ArithmeticException tooLong) {
            return value.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
