package io.github.terminable;

import java.util.Objects;

/**
 * A termination callback that threw (rule 3.5).
 *
 * <p>Immutable and thread-safe (the {@link Throwable} is shared, not copied).
 *
 * @param threadName the name of the thread whose callback threw
 * @param failure what it threw
 */
public record CallbackFailure(String threadName, Throwable failure) {

    /**
     * Validates the components.
     *
     *
     * @param threadName see the record component
     * @param failure see the record component
     * @throws NullPointerException if a component is null
     */
    public CallbackFailure {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(failure, "failure");
    }
}
