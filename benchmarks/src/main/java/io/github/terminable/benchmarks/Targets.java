package io.github.terminable.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row's target, in one place: the ratio tables ({@link RatioReport}), the chart
 * ({@link RatioChart}), the memory probe and {@code process-exit.sh} all read them from here, so a
 * target changes in one line. The table in {@code RESULTS.md} ("Summary") states the same figures.
 *
 * <p>{@code process-exit.sh} asks for row 5's bounds by name: {@code java -cp
 * benchmarks/target/terminable-benchmarks.jar io.github.terminable.benchmarks.Targets
 * row5-vs-closing row5-vs-guava} prints one bound per line. An unknown name is an error that lists
 * the known ones.
 */
public final class Targets {

    /** Row 1: create, start and join a platform thread, time ratio to {@code new Thread}. */
    public static final Target ROW1_PLATFORM = new Target(1.10, true);
    /** Row 1: the same with a virtual thread (Java 21+). */
    public static final Target ROW1_VIRTUAL = new Target(1.5, true);
    /** Row 2: shutdown of N threads, time ratio to its order's plain-JDK baseline (both orders). */
    public static final Target ROW2 = new Target(1.15, true);
    /** Row 3: loop round trip and burst, throughput ratio to {@code newSingleThreadExecutor()}. */
    public static final Target ROW3 = new Target(1.1, false);
    /** Row 4: heap per live platform thread beyond the {@code Thread} itself, in bytes. */
    public static final Target ROW4_BYTES = new Target(128, true);
    /** Row 5: process exit with 100 loops, wall-time ratio to the hand-written closing program. */
    public static final Target ROW5_VS_CLOSING = new Target(1.10, true);
    /** Row 5: the same, wall-time ratio to Guava's exiting executor doing the same cleanup. */
    public static final Target ROW5_VS_GUAVA = new Target(1.0, true);

    private static final Map<String, Target> BY_NAME = new TreeMap<>(Map.of(
            "row1-platform", ROW1_PLATFORM,
            "row1-virtual", ROW1_VIRTUAL,
            "row2", ROW2,
            "row3", ROW3,
            "row4-bytes", ROW4_BYTES,
            "row5-vs-closing", ROW5_VS_CLOSING,
            "row5-vs-guava", ROW5_VS_GUAVA));

    private Targets() {
    }

    /**
     * Returns a target by its name, such as {@code row5-vs-closing}.
     *
     * @param name the name
     * @return the target
     * @throws IllegalArgumentException if no target has that name; the message lists the names
     */
    public static Target named(String name) {
        Target target = BY_NAME.get(name);
        if (target == null) {
            throw new IllegalArgumentException("unknown target '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
        }
        return target;
    }

    /**
     * Prints the bound of each named target, one per line, with two decimals ({@code 1.10}).
     *
     * @param args target names
     */
    public static void main(String[] args) {
        Usage.exitUnless(args.length != 0, "Targets name...; names: " + String.join(", ", BY_NAME.keySet()));
        StringBuilder out = new StringBuilder();
        for (String name : args) {
            try {
                out.append(String.format(Locale.ROOT, "%.2f%n", named(name).bound()));
            } catch (IllegalArgumentException e) {
                System.err.println("Targets: " + e.getMessage());
                System.exit(2);
            }
        }
        System.out.print(out);
    }
}
