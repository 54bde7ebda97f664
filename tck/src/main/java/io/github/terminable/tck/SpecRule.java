package io.github.terminable.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a spec clause a TCK test checks, by its id in {@code spec/README.md} (such as
 * {@code "3.2.a"}). Repeatable: a test that checks several clauses carries one annotation per
 * clause, and cites exactly the clauses its assertions check.
 *
 * <p>For compatibility the value may also be a rule id (such as {@code "3.2"}): the runner then
 * counts the test for the rule's summary, but it tests none of the rule's clauses. The TCK's own
 * tests cite clauses only.
 *
 * <p>Every TCK test method carries at least one; the runner reports results per clause and rolls
 * them up per rule, and a build-time check fails on any spec clause with neither a test nor an
 * entry in the untested table, and on any test citing an id the spec lacks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(SpecRule.List.class)
public @interface SpecRule {

    /**
     * Returns the clause id, or for compatibility a rule id.
     *
     * @return the id, such as {@code "3.2.a"} (or {@code "3.2"})
     */
    String value();

    /** Holds repeated {@link SpecRule} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        /**
         * Returns the cited clauses.
         *
         * @return the annotations
         */
        SpecRule[] value();
    }
}
