package io.github.terminable;

/**
 * Thrown when a thread or loop is started on a coordinator whose shutdown has already begun
 * (rules 2.3 and 2.4).
 *
 * <p>The rejected thread is left in state {@link ThreadState#NEW}, unregistered and not
 * started; nothing else about the coordinator changes.
 */
public class ShutdownInProgressException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which registration was rejected, and by which coordinator
     */
    public ShutdownInProgressException(String message) {
        super(message);
    }
}
