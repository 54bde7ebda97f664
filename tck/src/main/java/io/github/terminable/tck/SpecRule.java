package io.github.terminable.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the spec rule a TCK test checks, by its id in {@code spec/README.md} (such as
 * {@code "3.2"}). Repeatable: a test that checks several rules carries one annotation per rule.
 *
 * <p>Every TCK test method carries at least one; the runner groups results by it, and a
 * build-time check fails on any spec rule without a test and on any test citing a rule the spec
 * lacks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(SpecRule.List.class)
public @interface SpecRule {

    /**
     * Returns the rule id.
     *
     * @return the id, such as {@code "3.2"}
     */
    String value();

    /** Holds repeated {@link SpecRule} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        /**
         * Returns the rules.
         *
         * @return the annotations
         */
        SpecRule[] value();
    }
}
