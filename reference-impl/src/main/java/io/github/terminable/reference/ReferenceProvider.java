package io.github.terminable.reference;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import java.util.Objects;

/**
 * The service provider of the reference implementation.
 *
 * <p>Registered in {@code module-info} ({@code provides}) and in
 * {@code META-INF/services/io.github.terminable.spi.TerminableProvider}. Its constructor starts
 * nothing: the JVM-wide coordinator, with its quiescence watcher and its JVM shutdown hook, is
 * installed on the first call to {@link #globalCoordinator()} (rule 4.1).
 *
 * <p><b>Thread-safety.</b> All methods are safe from any thread.
 */
public final class ReferenceProvider implements TerminableProvider {

    private final OwnerCleaner ownerCleaner = new OwnerCleaner();

    /** Creates the provider; cheap, and starts no thread. */
    public ReferenceProvider() {
    }

    /**
     * Returns {@code "reference"}.
     *
     * @return the implementation's name
     */
    @Override
    public String name() {
        return "reference";
    }

    /**
     * {@inheritDoc}
     *
     * <p>The JVM-wide coordinator is shared by every instance of this provider.
     */
    @Override
    public TerminationCoordinator globalCoordinator() {
        return GlobalCoordinatorHolder.get(ownerCleaner);
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        return new ReferenceCoordinator(settings, ownerCleaner, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>True on Java 21 and newer, where {@code Thread.ofVirtual()} is found reflectively at run
     * time (this implementation is compiled for Java 17).
     */
    @Override
    public boolean supportsVirtualThreads() {
        return VirtualThreads.isSupported();
    }

    @Override
    public String toString() {
        return "ReferenceProvider";
    }

    @Override
    public java.util.Optional<io.github.terminable.TerminableThread> currentThread() {
        throw new UnsupportedOperationException("currentThread: not implemented yet (spec 0.2, rule 1.11)");
    }
}
