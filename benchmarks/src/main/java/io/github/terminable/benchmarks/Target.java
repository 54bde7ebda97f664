package io.github.terminable.benchmarks;

/**
 * A row's target: an upper bound on a ratio of times (or on bytes), or a lower bound on a ratio of
 * throughputs.
 *
 * @param bound the bound
 * @param atMost whether the figure must be at most the bound (else at least)
 */
public record Target(double bound, boolean atMost) {

    /**
     * Returns the target as a table writes it, such as {@code <= 1.15}.
     *
     * @return the description
     */
    public String describe() {
        return (atMost ? "<= " : ">= ") + trim(bound);
    }

    /**
     * Returns whether a figure meets the target.
     *
     * @param value the figure
     * @return whether it meets it
     */
    public boolean met(double value) {
        return atMost ? value <= bound : value >= bound;
    }

    /**
     * Returns the verdict on a figure with a range: {@code MET} or {@code MISSED}, followed by
     * {@code (within noise)} when the range straddles the bound.
     *
     * @param value the figure
     * @param low the low end of its range
     * @param high the high end of its range
     * @return the verdict
     */
    public String verdict(double value, double low, double high) {
        boolean met = met(value);
        boolean sure = atMost ? (met ? high <= bound : low > bound) : (met ? low >= bound : high < bound);
        return (met ? "MET" : "MISSED") + (sure ? "" : " (within noise)");
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) >= 10 ? Long.toString((long) v) : Double.toString(v);
    }
}
