package io.github.terminable.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the spec clauses a TCK test checks, by their ids in {@code spec/README.md}: one clause
 * as {@code @SpecRule("3.2.a")}, several as {@code @SpecRule({"3.2.a", "5.7.a"})}. A test cites
 * exactly the clauses its assertions check, each once.
 *
 * <p>For compatibility an id may also be a rule id (such as {@code "3.2"}): the runner then
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
public @interface SpecRule {

    /**
     * Returns the cited clause ids (or, for compatibility, rule ids), in the order written.
     *
     * @return the ids, such as {@code {"3.2.a", "5.7.a"}} (or {@code {"3.2"}}); never empty
     */
    String[] value();

}
