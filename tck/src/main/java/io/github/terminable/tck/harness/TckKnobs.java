package io.github.terminable.tck.harness;

import java.util.OptionalLong;

/**
 * The TCK's run-size knobs, read from system properties once.
 *
 * <ul>
 *   <li>{@value #EXAMPLES_PROPERTY}: scenarios generated per property test (default
 *       {@value #DEFAULT_EXAMPLES}); raise it for soak runs.</li>
 *   <li>{@value #REPETITIONS_PROPERTY}: iterations per race test (default
 *       {@value #DEFAULT_REPETITIONS}); raise it for soak runs.</li>
 *   <li>{@value #SEED_PROPERTY}: replays property tests from the seed a failure printed.</li>
 * </ul>
 *
 * <p>Thread-safe: values are read once.
 */
public final class TckKnobs {

    /** System property: scenarios per property test. */
    public static final String EXAMPLES_PROPERTY = "terminable.tck.examples";
    /** System property: iterations per race test. */
    public static final String REPETITIONS_PROPERTY = "terminable.tck.repetitions";
    /** System property: the seed to replay property tests with. */
    public static final String SEED_PROPERTY = "terminable.tck.seed";
    /** Default scenarios per property test. */
    public static final int DEFAULT_EXAMPLES = 200;
    /** Default iterations per race test. */
    public static final int DEFAULT_REPETITIONS = 30;

    private TckKnobs() {
    }

    /**
     * Returns the number of scenarios per property test.
     *
     * @return a positive count
     * @throws IllegalArgumentException if the property is not a positive integer
     */
    public static int examples() {
        return positiveInt(EXAMPLES_PROPERTY, DEFAULT_EXAMPLES);
    }

    /**
     * Returns the number of iterations per race test.
     *
     * @return a positive count
     * @throws IllegalArgumentException if the property is not a positive integer
     */
    public static int repetitions() {
        return positiveInt(REPETITIONS_PROPERTY, DEFAULT_REPETITIONS);
    }

    /**
     * Returns the seed to replay with, if one was given.
     *
     * @return the seed, or empty for a fresh random seed
     * @throws IllegalArgumentException if the property is not a number
     */
    public static OptionalLong seed() {
        String text = System.getProperty(SEED_PROPERTY);
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a whole number (as printed by a failure), got '" + text + "'", e);
        }
    }

    private static int positiveInt(String property, int fallback) {
        String text = System.getProperty(property);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " must be a positive whole number, got '" + text + "'");
    }
}
