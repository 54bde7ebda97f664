package io.github.terminable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a {@link TerminationCoordinator} (rule 9.1): an immutable value built by
 * {@link #builder()} or read from system properties by {@link #fromSystemProperties()}.
 *
 * <table>
 *   <caption>Settings and their system properties</caption>
 *   <tr><th>Setting</th><th>System property</th><th>Default</th><th>Rule</th></tr>
 *   <tr><td>{@link #name()}</td><td>{@value #NAME_PROPERTY}</td><td>{@code terminable}</td><td>-</td></tr>
 *   <tr><td>{@link #callbackTimeout()}</td><td>{@value #CALLBACK_TIMEOUT_PROPERTY}</td><td>5 s</td><td>3.4</td></tr>
 *   <tr><td>{@link #shutdownDeadline()}</td><td>{@value #SHUTDOWN_DEADLINE_PROPERTY}</td><td>10 s</td><td>4.6, 4.8, 5.8</td></tr>
 *   <tr><td>{@link #reportKeepAliveThreads()}</td><td>{@value #REPORT_KEEP_ALIVE_PROPERTY}</td><td>{@code false}</td><td>4.4</td></tr>
 *   <tr><td>{@link #deadlineExitStatus()}</td><td>{@value #DEADLINE_EXIT_STATUS_PROPERTY}</td><td>{@code 1}</td><td>4.12</td></tr>
 * </table>
 *
 * <p>Durations are written in ISO-8601 ({@code PT2.5S}) or as a whole number with a unit
 * suffix {@code ms}, {@code s} or {@code m} ({@code 2500ms}). Every value is validated: null,
 * zero, negative or unparsable durations, blank names, exit statuses outside 0 to 255, and
 * unknown {@code io.github.terminable.*} property names (rules 9.1 and 9.3) are rejected with an
 * {@link IllegalArgumentException} that names the setting, and the builder is left unchanged.
 *
 * <p><b>Thread-safety.</b> Instances are immutable and thread-safe; builders are not and must be
 * confined to one thread.
 */
public final class CoordinatorSettings {

    /** Prefix shared by every system property this API reads. */
    public static final String PROPERTY_PREFIX = "io.github.terminable.";
    /** System property for {@link #name()}. */
    public static final String NAME_PROPERTY = PROPERTY_PREFIX + "name";
    /** System property for {@link #callbackTimeout()}. */
    public static final String CALLBACK_TIMEOUT_PROPERTY = PROPERTY_PREFIX + "callbackTimeout";
    /** System property for {@link #shutdownDeadline()}. */
    public static final String SHUTDOWN_DEADLINE_PROPERTY = PROPERTY_PREFIX + "shutdownDeadline";
    /** System property for {@link #reportKeepAliveThreads()}. */
    public static final String REPORT_KEEP_ALIVE_PROPERTY = PROPERTY_PREFIX + "reportKeepAliveThreads";

    /** System property for {@link #deadlineExitStatus()}: a status from 0 to 255, or {@code none}. */
    public static final String DEADLINE_EXIT_STATUS_PROPERTY = PROPERTY_PREFIX + "deadlineExitStatus";

    /** The value of {@value #DEADLINE_EXIT_STATUS_PROPERTY} that turns the exit off (rule 4.12). */
    public static final String NO_EXIT = "none";

    private static final Set<String> KNOWN_PROPERTIES = Set.of(NAME_PROPERTY, CALLBACK_TIMEOUT_PROPERTY,
            SHUTDOWN_DEADLINE_PROPERTY, REPORT_KEEP_ALIVE_PROPERTY, DEADLINE_EXIT_STATUS_PROPERTY,
            Terminables.PROVIDER_PROPERTY);

    /*
     * Built from the constructor, not through a Builder: the JVM-wide coordinator reads its
     * settings when a process starts its first terminable thread, and with no terminable property
     * set, fromProperties returns these without loading the Builder class
     * (benchmarks/RESULTS.md, row 5). The Builder starts from these values.
     */
    private static final CoordinatorSettings DEFAULTS = new CoordinatorSettings("terminable", Duration.ofSeconds(5),
            Duration.ofSeconds(10), false, OptionalInt.of(1));

    private final String name;
    private final Duration callbackTimeout;
    private final Duration shutdownDeadline;
    private final boolean reportKeepAliveThreads;
    private final OptionalInt deadlineExitStatus;

    private CoordinatorSettings(Builder b) {
        this(b.name, b.callbackTimeout, b.shutdownDeadline, b.reportKeepAliveThreads, b.deadlineExitStatus);
    }

    private CoordinatorSettings(String name, Duration callbackTimeout, Duration shutdownDeadline,
                                boolean reportKeepAliveThreads, OptionalInt deadlineExitStatus) {
        this.name = name;
        this.callbackTimeout = callbackTimeout;
        this.shutdownDeadline = shutdownDeadline;
        this.reportKeepAliveThreads = reportKeepAliveThreads;
        this.deadlineExitStatus = deadlineExitStatus;
    }

    /**
     * Returns the default settings.
     *
     * @return the defaults
     */
    public static CoordinatorSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the settings from {@link System#getProperties()}; unset properties keep their
     * defaults.
     *
     * @return the settings
     * @throws IllegalArgumentException if a value is invalid or an unknown
     *     {@code io.github.terminable.*} property is set; the message names the property
     */
    public static CoordinatorSettings fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /**
     * Reads the settings from {@link System#getProperties()}, accepting also the property names
     * an implementation declares (rule 9.3, {@code TerminableProvider.additionalPropertyNames()}).
     *
     * @param additionalNames further known property names; their values are not read here
     * @return the settings
     * @throws NullPointerException if {@code additionalNames} is null or holds null
     * @throws IllegalArgumentException if a value is invalid or an unknown
     *     {@code io.github.terminable.*} property is set; the message names the property
     */
    public static CoordinatorSettings fromSystemProperties(Set<String> additionalNames) {
        return fromProperties(System.getProperties(), additionalNames);
    }

    /**
     * Reads the settings from {@code properties}; unset properties keep their defaults.
     *
     * @param properties where to read from
     * @return the settings
     * @throws NullPointerException if {@code properties} is null
     * @throws IllegalArgumentException if a value is invalid or an unknown
     *     {@code io.github.terminable.*} property is set; the message names the property
     */
    public static CoordinatorSettings fromProperties(Properties properties) {
        return fromProperties(properties, Set.of());
    }

    /**
     * Reads the settings from {@code properties}, accepting also the property names an
     * implementation declares (rule 9.3); unset properties keep their defaults.
     *
     * @param properties where to read from
     * @param additionalNames further known property names; their values are not read here
     * @return the settings
     * @throws NullPointerException if an argument is null or {@code additionalNames} holds null
     * @throws IllegalArgumentException if a value is invalid or an unknown
     *     {@code io.github.terminable.*} property is set; the message names the property
     */
    public static CoordinatorSettings fromProperties(Properties properties, Set<String> additionalNames) {
        Objects.requireNonNull(properties, "properties");
        Set<String> known = new TreeSet<>(KNOWN_PROPERTIES);
        for (String extra : Objects.requireNonNull(additionalNames, "additionalNames")) {
            known.add(Objects.requireNonNull(extra, "additionalNames must not hold null"));
        }
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            if (e.getKey() instanceof String key && key.startsWith(PROPERTY_PREFIX) && !known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown terminable system propert" + (unknown.size() == 1 ? "y " : "ies ")
                    + unknown + "; known: " + known);
        }
        Builder b = null; // created only when a property is set: see DEFAULTS
        String value = properties.getProperty(NAME_PROPERTY);
        if (value != null) {
            b = builder().name(value);
        }
        value = properties.getProperty(CALLBACK_TIMEOUT_PROPERTY);
        if (value != null) {
            b = (b != null ? b : builder()).callbackTimeout(parseDuration(CALLBACK_TIMEOUT_PROPERTY, value));
        }
        value = properties.getProperty(SHUTDOWN_DEADLINE_PROPERTY);
        if (value != null) {
            b = (b != null ? b : builder()).shutdownDeadline(parseDuration(SHUTDOWN_DEADLINE_PROPERTY, value));
        }
        value = properties.getProperty(REPORT_KEEP_ALIVE_PROPERTY);
        if (value != null) {
            b = (b != null ? b : builder()).reportKeepAliveThreads(parseBoolean(REPORT_KEEP_ALIVE_PROPERTY, value));
        }
        value = properties.getProperty(DEADLINE_EXIT_STATUS_PROPERTY);
        if (value != null) {
            b = (b != null ? b : builder()).deadlineExitStatus(parseExitStatus(DEADLINE_EXIT_STATUS_PROPERTY, value));
        }
        return b != null ? b.build() : DEFAULTS;
    }

    private static OptionalInt parseExitStatus(String setting, String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase(NO_EXIT)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(requireExitStatus(setting, Integer.parseInt(t)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be an exit status from 0 to 255 or '" + NO_EXIT
                    + "', got '" + text + "'", e);
        }
    }

    private static int requireExitStatus(String setting, int status) {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException(setting + " must be an exit status from 0 to 255 or '" + NO_EXIT
                    + "', got " + status);
        }
        return status;
    }

    /**
     * Parses a duration written in ISO-8601 ({@code PT2S}) or as a whole number with a unit
     * suffix {@code ms}, {@code s} or {@code m}.
     *
     * @param setting the name of the setting, used in the error message
     * @param text the text to parse
     * @return the positive duration
     * @throws IllegalArgumentException if {@code text} is not a positive duration; the message
     *     names {@code setting}
     */
    public static Duration parseDuration(String setting, String text) {
        Objects.requireNonNull(setting, "setting");
        if (text == null) {
            throw new IllegalArgumentException(setting + " must be a duration, got null");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt") || t.startsWith("-pt") || t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else {
                throw new IllegalArgumentException(setting + " must be a duration such as 'PT2S' or '2000ms', got '" + text + "'");
            }
        } catch (RuntimeException e) {
            // instanceof, not a catch clause per type: a catch clause loads its classes (here two
            // java.time ones outside the JDK's CDS archive) whenever this class is loaded
            if (!(e instanceof NumberFormatException) && !(e instanceof DateTimeParseException)) {
                throw e;
            }
            throw new IllegalArgumentException(setting + " must be a duration such as 'PT2S' or '2000ms', got '" + text + "'", e);
        }
        return requirePositive(setting, d);
    }

    private static boolean parseBoolean(String setting, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(setting + " must be 'true' or 'false', got '" + text + "'");
    }

    private static Duration requirePositive(String setting, Duration d) {
        if (d == null) {
            throw new NullPointerException(setting + " must not be null");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + d);
        }
        return d;
    }

    /**
     * Returns the coordinator's name.
     *
     * @return the name, used in thread names, diagnostics and events
     */
    public String name() {
        return name;
    }

    /**
     * Returns the bound of one turn (rule 3.4): how long one termination callback, and in the
     * terminate phase the wait for its thread to end, may hold back the next turn.
     *
     * @return a positive duration
     */
    public Duration callbackTimeout() {
        return callbackTimeout;
    }

    /**
     * Returns the shutdown deadline: how long the JVM-exit path waits for terminable threads to
     * end before reporting them and letting the JVM halt (rules 4.6 and 4.8), how long the
     * quiescence path waits before reporting them (rule 4.12), the bound of an attached
     * coordinator's turn in its parent (rule 2.7), and how long {@link BackgroundLoop#close()}
     * waits (rule 5.8).
     *
     * @return a positive duration
     */
    public Duration shutdownDeadline() {
        return shutdownDeadline;
    }

    /**
     * Returns whether, once {@code main} has ended, the JVM-wide coordinator reports on
     * {@code System.err} the non-terminable non-daemon threads that keep the JVM alive.
     *
     * @return whether the keep-alive report is enabled
     */
    public boolean reportKeepAliveThreads() {
        return reportKeepAliveThreads;
    }

    /**
     * Returns the status with which the JVM-wide coordinator ends the JVM when a shutdown begun
     * by quiescence misses {@link #shutdownDeadline()} (rule 4.12), or empty if it only reports
     * the unfinished threads and lets them keep the JVM alive. The default is {@code 1}. Used
     * only by the JVM-wide coordinator.
     *
     * @return the exit status, from 0 to 255, or empty for no exit
     */
    public OptionalInt deadlineExitStatus() {
        return deadlineExitStatus;
    }

    /**
     * Returns a builder initialised with these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.callbackTimeout = callbackTimeout;
        b.shutdownDeadline = shutdownDeadline;
        b.reportKeepAliveThreads = reportKeepAliveThreads;
        b.deadlineExitStatus = deadlineExitStatus;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoordinatorSettings s && name.equals(s.name) && callbackTimeout.equals(s.callbackTimeout)
                && shutdownDeadline.equals(s.shutdownDeadline) && reportKeepAliveThreads == s.reportKeepAliveThreads
                && deadlineExitStatus.equals(s.deadlineExitStatus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, callbackTimeout, shutdownDeadline, reportKeepAliveThreads, deadlineExitStatus);
    }

    @Override
    public String toString() {
        return "CoordinatorSettings[name=" + name + ", callbackTimeout=" + callbackTimeout + ", shutdownDeadline="
                + shutdownDeadline + ", reportKeepAliveThreads=" + reportKeepAliveThreads + ", deadlineExitStatus="
                + (deadlineExitStatus.isPresent() ? String.valueOf(deadlineExitStatus.getAsInt()) : NO_EXIT) + "]";
    }

    /**
     * Builds {@link CoordinatorSettings}. Not thread-safe. Each setter validates its argument
     * and throws, naming the setting, before changing anything.
     */
    public static final class Builder {
        private String name = DEFAULTS.name;
        private Duration callbackTimeout = DEFAULTS.callbackTimeout;
        private Duration shutdownDeadline = DEFAULTS.shutdownDeadline;
        private boolean reportKeepAliveThreads = DEFAULTS.reportKeepAliveThreads;
        private OptionalInt deadlineExitStatus = DEFAULTS.deadlineExitStatus;

        private Builder() {
        }

        /**
         * Sets the coordinator's name.
         *
         * @param name the name
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            if (name == null) {
                throw new NullPointerException("name must not be null");
            }
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the per-callback bound (rule 3.4).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder callbackTimeout(Duration timeout) {
            this.callbackTimeout = requirePositive("callbackTimeout", timeout);
            return this;
        }

        /**
         * Sets the shutdown deadline (rules 4.6, 4.8 and 5.8).
         *
         * @param deadline a positive duration
         * @return this builder
         * @throws NullPointerException if {@code deadline} is null
         * @throws IllegalArgumentException if {@code deadline} is zero or negative
         */
        public Builder shutdownDeadline(Duration deadline) {
            this.shutdownDeadline = requirePositive("shutdownDeadline", deadline);
            return this;
        }

        /**
         * Enables or disables the keep-alive report.
         *
         * @param enabled whether to report
         * @return this builder
         */
        public Builder reportKeepAliveThreads(boolean enabled) {
            this.reportKeepAliveThreads = enabled;
            return this;
        }

        /**
         * Sets the exit status used when a shutdown begun by quiescence misses its deadline
         * (rule 4.12); empty turns the exit off, so the JVM only reports the unfinished threads.
         *
         * @param status a status from 0 to 255, or empty
         * @return this builder
         * @throws NullPointerException if {@code status} is null
         * @throws IllegalArgumentException if {@code status} is outside 0 to 255
         */
        public Builder deadlineExitStatus(OptionalInt status) {
            if (status == null) {
                throw new NullPointerException("deadlineExitStatus must not be null");
            }
            if (status.isPresent()) {
                requireExitStatus("deadlineExitStatus", status.getAsInt());
            }
            this.deadlineExitStatus = status;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the immutable settings
         */
        public CoordinatorSettings build() {
            return new CoordinatorSettings(this);
        }
    }
}
