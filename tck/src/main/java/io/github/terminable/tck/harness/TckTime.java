package io.github.terminable.tck.harness;

import java.time.Duration;
import java.util.function.Function;

/**
 * The TCK's one time multiplier and the windows derived from it.
 *
 * <p>Every timing window of the TCK is a base duration multiplied by one factor, read from the
 * system property {@value #FACTOR_PROPERTY} or, when that is unset, the environment variable
 * {@value #FACTOR_ENV}; the default is 1. Raise it on slow or shared machines; never lower a
 * window to make a test pass.
 *
 * <p>Two kinds of window are kept apart:
 * <ul>
 *   <li>{@link #awaitWindow()}: how long to wait for something that must happen. Generous; a
 *       passing run never waits the whole window.</li>
 *   <li>{@link #quietWindow()}: how long to watch for something that must NOT happen. Short;
 *       every passing run waits the whole window, so it costs wall time.</li>
 * </ul>
 *
 * <p>Thread-safe: the factor is read once.
 */
public final class TckTime {

    /** System property holding the time multiplier (a positive decimal number). */
    public static final String FACTOR_PROPERTY = "terminable.tck.timeFactor";
    /** Environment variable holding the time multiplier, used when the property is unset. */
    public static final String FACTOR_ENV = "TERMINABLE_TCK_TIME_FACTOR";

    private static final double FACTOR = factor(System::getProperty, System::getenv);

    private TckTime() {
    }

    /**
     * Resolves the multiplier: the property wins over the environment variable; blank or unset
     * means "not given"; the default is 1.
     *
     * @param properties looks up a system property
     * @param environment looks up an environment variable
     * @return the positive, finite factor
     * @throws IllegalArgumentException if a given value is not a positive finite number; the
     *     message names the property or variable
     */
    public static double factor(Function<String, String> properties, Function<String, String> environment) {
        String fromProperty = properties.apply(FACTOR_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse("system property " + FACTOR_PROPERTY, fromProperty);
        }
        String fromEnvironment = environment.apply(FACTOR_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse("environment variable " + FACTOR_ENV, fromEnvironment);
        }
        return 1.0;
    }

    private static double parse(String source, String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a positive number such as 2 or 1.5, got '" + text + "'", e);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(source + " must be a positive number such as 2 or 1.5, got '" + text + "'");
        }
        return value;
    }

    /**
     * Returns the multiplier in force.
     *
     * @return the factor, 1 by default
     */
    public static double factor() {
        return FACTOR;
    }

    /**
     * Multiplies a base duration by the factor.
     *
     * @param base the duration at factor 1
     * @return the scaled duration, at least one millisecond
     */
    public static Duration scaled(Duration base) {
        long nanos = Math.max(1_000_000L, (long) (base.toNanos() * FACTOR));
        return Duration.ofNanos(nanos);
    }

    /**
     * Returns {@code seconds} seconds multiplied by the factor.
     *
     * @param seconds the window at factor 1
     * @return the scaled duration, at least one millisecond
     */
    public static Duration seconds(long seconds) {
        return scaled(Duration.ofSeconds(seconds));
    }

    /**
     * Returns {@code millis} milliseconds multiplied by the factor.
     *
     * @param millis the window at factor 1
     * @return the scaled duration, at least one millisecond
     */
    public static Duration millis(long millis) {
        return scaled(Duration.ofMillis(millis));
    }

    /**
     * How long to wait for something that must happen (10 s at factor 1).
     *
     * @return the await window
     */
    public static Duration awaitWindow() {
        return scaled(Duration.ofSeconds(10));
    }

    /**
     * How long to watch for something that must not happen (300 ms at factor 1).
     *
     * @return the quiet window
     */
    public static Duration quietWindow() {
        return scaled(Duration.ofMillis(300));
    }

    /**
     * The per-callback bound given to coordinators whose tests do not expect overruns (2 s at
     * factor 1): long enough that a fast callback never overruns on a loaded machine.
     *
     * @return the relaxed callback timeout
     */
    public static Duration relaxedCallbackTimeout() {
        return scaled(Duration.ofSeconds(2));
    }

    /**
     * The per-callback bound given to coordinators whose tests provoke overruns (150 ms at
     * factor 1): each provoked overrun costs this much wall time.
     *
     * @return the short callback timeout
     */
    public static Duration shortCallbackTimeout() {
        return scaled(Duration.ofMillis(150));
    }

    /**
     * The per-callback bound given to coordinators whose tests measure that something is held
     * back for at most the bound (800 ms at factor 1). Longer than
     * {@link #shortCallbackTimeout()}, so that "the bound, plus scheduling" can be told apart
     * from "twice the bound" with a margin of half the bound, which a loaded machine keeps to.
     *
     * @return the measured callback timeout
     */
    public static Duration measuredCallbackTimeout() {
        return scaled(Duration.ofMillis(800));
    }

    /**
     * How long one test may run before the watchdog dumps every stack and fails it (90 s at
     * factor 1).
     *
     * @return the per-test limit
     */
    public static Duration testTimeout() {
        return scaled(Duration.ofSeconds(90));
    }
}
