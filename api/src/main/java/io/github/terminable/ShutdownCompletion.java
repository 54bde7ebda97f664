package io.github.terminable;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The one completion handle of a coordinator's shutdown (rules 3.1, 3.7 and 3.8).
 *
 * <p>It completes once every turn of the terminate phase is over and every thread registered
 * before the shutdown began has ended (rule 3.7); threads that ended earlier were forgotten
 * (rule 2.2), and no thread can register later (rule 2.3). Waiting
 * with a deadline never throws on timeout: it returns a {@link ShutdownReport} that names the
 * threads that have not ended, with their stack traces, so a hang explains itself.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe and may be called any number of times,
 * including from a termination callback (rule 3.9).
 *
 * <p><b>Memory consistency.</b> Actions of every terminable thread of the coordinator
 * <i>happen-before</i> {@link #isDone()} returns {@code true} and before a complete report is
 * returned.
 */
public interface ShutdownCompletion {

    /**
     * Returns what began this shutdown.
     *
     * @return the trigger; never {@code null}
     */
    ShutdownTrigger trigger();

    /**
     * Returns whether the shutdown has completed (rule 3.7).
     *
     * @return {@code true} once complete
     */
    boolean isDone();

    /**
     * Waits until shutdown completes or the deadline passes, whichever comes first (rule 3.8).
     *
     * @param deadline how long to wait at most; must be positive. A deadline too long to count in
     *     nanoseconds, such as {@code Duration.ofSeconds(Long.MAX_VALUE)}, waits without bound.
     * @return a report; {@link ShutdownReport#completed()} is false if the deadline passed
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws NullPointerException if {@code deadline} is null
     * @throws IllegalArgumentException if {@code deadline} is zero or negative
     */
    ShutdownReport await(Duration deadline) throws InterruptedException;

    /**
     * Returns a stage that completes with the final report once shutdown completes. It never
     * completes exceptionally.
     *
     * @return the completion stage
     */
    CompletionStage<ShutdownReport> toCompletionStage();
}
