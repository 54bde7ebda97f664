package io.github.terminable.tck.spec;

import java.util.Objects;

/**
 * One normative clause of a spec rule: a sentence (or one obligation of a sentence) labelled
 * {@code <a id="clause-3.2.a"></a>**3.2.a**} in the spec.
 *
 * @param id the clause id, such as {@code 3.2.a}
 * @param rule the id of the rule it belongs to, such as {@code 3.2}
 * @param binding whom it binds
 * @param line the 1-based line of its label in the spec
 */
public record SpecClause(String id, String rule, ClauseBinding binding, int line) {

    /**
     * Validates the components.
     *
     * @param id see the record component
     * @param rule see the record component
     * @param binding see the record component
     * @param line see the record component
     */
    public SpecClause {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(binding, "binding");
        if (!id.startsWith(rule + ".")) {
            throw new IllegalArgumentException("clause " + id + " does not belong to rule " + rule);
        }
    }

    /**
     * Returns the rule id of a rule or clause id: {@code 3.2} for both {@code 3.2} and
     * {@code 3.2.a}.
     *
     * @param id a rule or clause id
     * @return the rule id
     */
    public static String ruleOf(String id) {
        int first = id.indexOf('.');
        int second = first < 0 ? -1 : id.indexOf('.', first + 1);
        return second < 0 ? id : id.substring(0, second);
    }

    /**
     * Tells whether an id names a clause rather than a rule.
     *
     * @param id a rule or clause id
     * @return {@code true} for {@code 3.2.a}, {@code false} for {@code 3.2}
     */
    public static boolean isClauseId(String id) {
        return !ruleOf(id).equals(id);
    }
}
