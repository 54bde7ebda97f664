package io.github.terminable.reference;

import java.time.Duration;

/**
 * Validation of the arguments of this implementation's methods: names (rule 1.10) and
 * {@link Duration}s (rules 1.10 and 9.1), and the conversion of durations to nanoseconds.
 *
 * <p><b>Thread-safety.</b> Stateless; safe from any thread.
 */
final class Arguments {

    private Arguments() {
    }

    /**
     * Validates a thread or loop name.
     *
     * @param name the name
     * @return {@code name}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static String requireName(String name) {
        if (name == null) {
            throw new NullPointerException("name must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
    }

    /**
     * Checks that {@code value} is a positive duration.
     *
     * @param parameter the parameter's name, used in the messages
     * @param value the value to check
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    static Duration requirePositive(String parameter, Duration value) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(parameter + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * Converts {@code value} to nanoseconds, saturating at {@link Long#MAX_VALUE} instead of
     * overflowing.
     *
     * @param value a positive duration
     * @return its length in nanoseconds
     */
    static long toNanosSaturated(Duration value) {
        try {
            return value.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
