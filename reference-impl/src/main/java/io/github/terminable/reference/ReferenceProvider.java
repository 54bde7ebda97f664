package io.github.terminable.reference;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import java.util.Objects;
import java.util.Optional;

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
        return GlobalCoordinatorHolder.get(ownerCleaner, additionalPropertyNames());
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        return new ReferenceCoordinator(settings, ownerCleaner, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>True when calling {@code Thread.ofVirtual()} succeeds (rule 6.2): it is looked up
     * reflectively and called once (this implementation is compiled for Java 17).
     */
    @Override
    public boolean supportsVirtualThreads() {
        return VirtualThreads.isSupported();
    }

    @Override
    public String toString() {
        return "ReferenceProvider";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Allocation-free on platform terminable threads (see {@link ReferenceTerminableThread}).
     */
    @Override
    public Optional<TerminableThread> currentThread() {
        return ReferenceTerminableThread.current();
    }
}
