package io.github.terminable.tck.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link KitParameters} for a coordinator whose callback bound is
 * {@link TckTime#shortCallbackTimeout()}, instead of the relaxed one: the set-up of a test that
 * provokes overruns, each of which costs that bound's time. Otherwise the coordinator is like any
 * other {@code TerminationCoordinator} parameter: new, independent, named after the test, shut
 * down and awaited when the test ends.
 *
 * <p>Only a {@code TerminationCoordinator} parameter may carry it; on any other parameter JUnit
 * reports the test as failed, naming the parameter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ShortBound {
}
