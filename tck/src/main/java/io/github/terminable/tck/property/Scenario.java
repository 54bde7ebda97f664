package io.github.terminable.tck.property;

import java.util.List;

/**
 * A generated scenario that can describe itself as numbered steps and offer simpler variants of
 * itself for minimization.
 */
public interface Scenario {

    /**
     * Returns the scenario as numbered, human-readable steps.
     *
     * @return the steps
     */
    List<String> steps();

    /**
     * Returns variants that each remove or simplify one thing, simplest change first.
     *
     * @return the simpler variants; empty when nothing can be simplified
     */
    List<? extends Scenario> simpler();

    /**
     * Returns a size used to prefer the smaller of two failing scenarios.
     *
     * @return the size
     */
    int size();

    /**
     * Renders the steps as one numbered block.
     *
     * @param steps the steps
     * @return the block
     */
    static String render(List<String> steps) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            out.append(System.lineSeparator()).append("    ").append(i + 1).append(". ").append(steps.get(i));
        }
        return out.toString();
    }
}
