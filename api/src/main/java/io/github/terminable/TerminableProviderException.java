package io.github.terminable;

/**
 * Thrown when no {@link io.github.terminable.spi.TerminableProvider} can be found or the one
 * found cannot be loaded (rule 7.3).
 *
 * <p>The message starts with a stable diagnostic code ({@code TERMINABLE-1}: none found,
 * {@code TERMINABLE-2}: a declared provider failed to load, {@code TERMINABLE-3}: the class
 * named by {@link Terminables#PROVIDER_PROPERTY} is unusable) and names both the artifact to add
 * and the system property to set.
 */
public class TerminableProviderException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and how to fix it
     */
    public TerminableProviderException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying failure
     */
    public TerminableProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
