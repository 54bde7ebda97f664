package io.github.terminable.tck.property;

import java.util.ArrayList;
import java.util.List;

/**
 * What running one scenario found: the invariants it violated, in words. Empty means the
 * scenario passed.
 *
 * <p>Not thread-safe: a runner fills it on one thread, after joining its helpers.
 */
public final class Outcome {

    private final List<String> violations = new ArrayList<>();

    /**
     * Records a violated invariant.
     *
     * @param violation what was wrong
     */
    public void violation(String violation) {
        violations.add(violation);
    }

    /**
     * Records a violation unless {@code holds}.
     *
     * @param holds whether the invariant holds
     * @param violation what is wrong if it does not
     */
    public void check(boolean holds, String violation) {
        if (!holds) {
            violations.add(violation);
        }
    }

    /**
     * Returns whether an invariant was violated.
     *
     * @return true if the scenario failed
     */
    public boolean failed() {
        return !violations.isEmpty();
    }

    /**
     * Returns the violations.
     *
     * @return the violations, in the order found
     */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return violations.isEmpty() ? "all invariants hold" : "violated: " + String.join("; ", violations);
    }
}
