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

    /**
     * Created on first use, by the first thread or loop with an owner (rule 2.6), so that a
     * process using no owner never loads it (benchmarks/RESULTS.md, row 5). Double-checked
     * locking on this volatile field.
     */
    private volatile OwnerCleaner ownerCleaner;

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
        return GlobalCoordinator.get(this, additionalPropertyNames());
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        return new ReferenceCoordinator(settings, this);
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

    /**
     * Returns this provider's owner cleaner, creating it on first use.
     *
     * @return the cleaner for owners of this provider's threads
     */
    OwnerCleaner ownerCleaner() {
        OwnerCleaner c = ownerCleaner;
        if (c == null) {
            synchronized (this) {
                c = ownerCleaner;
                if (c == null) {
                    c = new OwnerCleaner();
                    ownerCleaner = c;
                }
            }
        }
        return c;
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
