package io.github.terminable.spi;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;

import java.util.Optional;
import java.util.Set;

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
     * settings are read with {@link CoordinatorSettings#fromSystemProperties(Set)}, given
     * {@link #additionalPropertyNames()}, its quiescence watcher is started and its one JVM
     * shutdown hook is registered (rules 4.2 to 4.13).
     * Every call returns the same instance.
     *
     * @return the JVM-wide coordinator
     * @throws IllegalArgumentException if the system properties hold invalid settings (rule 9.1)
     */
    TerminationCoordinator globalCoordinator();

    /**
     * Returns the names of the {@code io.github.terminable.*} system properties that this
     * implementation reads beyond those of {@link CoordinatorSettings} (rule 9.3). They are not
     * reported as misspelt settings. The default is none.
     *
     * @return full property names, each starting with
     *     {@link CoordinatorSettings#PROPERTY_PREFIX}; never {@code null}
     */
    default Set<String> additionalPropertyNames() {
        return Set.of();
    }

    /**
     * Returns the terminable thread the caller runs on, if any (rule 1.11); the implementation
     * of {@link TerminableThread#current()}.
     *
     * @return the current thread's handle, or empty on a thread that is not a terminable thread
     *     of this provider
     */
    Optional<TerminableThread> currentThread();

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
