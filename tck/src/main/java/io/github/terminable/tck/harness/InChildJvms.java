package io.github.terminable.tck.harness;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Marks a TCK test, or a group of them, that observes the implementation in child JVMs only.
 *
 * <ul>
 *   <li>It carries the tag {@value ChildJvm#TAG}: the {@link Kit} starts child processes only
 *       for such a test, and runs that leave child-JVM tests out do so by this tag.</li>
 *   <li>It may run concurrently with the other tests of its JVM ({@code @Execution(CONCURRENT)}),
 *       when JUnit's parallel execution is enabled as in {@link #PARALLEL_CONFIGURATION}. Most of
 *       its time is spent waiting for its children, which the in-process tests then use. The
 *       in-process tests still run one at a time, since they observe JVM-wide state.</li>
 *   <li>So it must not touch that state: the kit refuses it the in-process fixtures
 *       (coordinators, loops, helper threads, {@code System.err} capture, tolerated uncaught
 *       exceptions), and {@link TestHygiene} takes no thread census and sets no
 *       uncaught-exception handler for it.</li>
 * </ul>
 *
 * <p>Without the parallel configuration every test runs one at a time, with the same results.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(ChildJvm.TAG)
@Execution(ExecutionMode.CONCURRENT)
public @interface InChildJvms {

    /**
     * The JUnit configuration parameters under which child-JVM tests run beside the in-process
     * ones: parallel execution on, every other test in the same thread (JUnit's default mode), and
     * a fixed pool of one worker for the in-process tests plus one for each child-JVM test that
     * may run at a time ({@value ChildJvm#MAX_CONCURRENT}, as many as children may run at once).
     * The TCK's command-line runner uses them; a build that runs the TCK through JUnit passes the
     * same values (tck/README.md). Unmodifiable.
     */
    Map<String, String> PARALLEL_CONFIGURATION = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(1 + ChildJvm.MAX_CONCURRENT));
}
