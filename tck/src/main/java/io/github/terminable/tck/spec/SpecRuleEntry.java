package io.github.terminable.tck.spec;

import java.util.Objects;

/**
 * One numbered rule of the spec.
 *
 * @param id the rule id, such as {@code 3.2}
 * @param title the heading text after the dash
 * @param level required or optional
 * @param line the 1-based line of the heading in the spec
 */
public record SpecRuleEntry(String id, String title, RuleLevel level, int line) {

    /**
     * Validates the components.
     *
     * @param id see the record component
     * @param title see the record component
     * @param level see the record component
     * @param line see the record component
     */
    public SpecRuleEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
    }

    /**
     * Returns the rule's section number (the part before the dot).
     *
     * @return the section, such as 3 for rule 3.2
     */
    public int section() {
        return Integer.parseInt(id.substring(0, id.indexOf('.')));
    }
}
