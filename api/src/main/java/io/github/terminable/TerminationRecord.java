package io.github.terminable;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One termination callback's run, as reported to listeners (rule 8.2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param threadName the terminated thread's name
 * @param threadId the terminated thread's id
 * @param duration how long the callback ran, or the bound if it overran
 * @param outcome how the callback ended
 * @param failure what the callback threw, if {@code outcome} is {@link TerminationOutcome#FAILED}
 */
public record TerminationRecord(String threadName, long threadId, Duration duration,
                                TerminationOutcome outcome, Optional<Throwable> failure) {

    /**
     * Validates the components.
     *
     *
     * @param threadName see the record component
     * @param threadId see the record component
     * @param duration see the record component
     * @param outcome see the record component
     * @param failure see the record component
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code failure} is present exactly when the outcome is not
     *     {@link TerminationOutcome#FAILED}
     */
    public TerminationRecord {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failure, "failure");
        if (failure.isPresent() != (outcome == TerminationOutcome.FAILED)) {
            throw new IllegalArgumentException("failure must be present exactly when the outcome is FAILED, got "
                    + outcome + " with " + failure);
        }
    }
}
