package io.github.terminable.spi;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;

/**
 * An implementation of the terminable specification.
 *
 * <p>Register it both ways: with {@code provides io.github.terminable.spi.TerminableProvider
 * with ...} in {@code module-info}, and in
 * {@code META-INF/services/io.github.terminable.spi.TerminableProvider} for the class path. It
 * must have a public no-argument constructor, which must be cheap and must start nothing: the
 * JVM-wide coordinator is installed only on the first call to {@link #globalCoordinator()}
 * (rule 4.1).
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe.
 */
public interface TerminableProvider {

    /**
     * Returns a short human-readable name of the implementation, such as {@code reference}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the JVM-wide coordinator, installing it on the first call (rule 4.1): its
     * settings are read with {@link CoordinatorSettings#fromSystemProperties()}, its quiescence
     * watcher is started and its one JVM shutdown hook is registered (rules 4.2 to 4.11).
     * Every call returns the same instance.
     *
     * @return the JVM-wide coordinator
     * @throws IllegalArgumentException if the system properties hold invalid settings (rule 9.1)
     */
    TerminationCoordinator globalCoordinator();

    /**
     * Creates an independent coordinator, triggered only explicitly (rule 2.5).
     *
     * @param settings its settings
     * @return a new coordinator in phase {@link io.github.terminable.CoordinatorPhase#OPEN}
     * @throws NullPointerException if {@code settings} is null
     */
    TerminationCoordinator newCoordinator(CoordinatorSettings settings);

    /**
     * Returns whether this implementation, on this runtime, can create virtual terminable
     * threads (rules 6.1 and 6.2).
     *
     * @return {@code true} if virtual threads are available
     */
    boolean supportsVirtualThreads();
}
