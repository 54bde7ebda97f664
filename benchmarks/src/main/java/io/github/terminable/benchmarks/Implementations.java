package io.github.terminable.benchmarks;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.executor.ExecutorProvider;
import io.github.terminable.reference.ReferenceProvider;
import io.github.terminable.spi.TerminableProvider;

import java.util.List;

/**
 * The implementations a benchmark compares, by the names used in every {@code impl} parameter:
 * {@value #JDK} (the plain-JDK baseline), {@value #REFERENCE} and {@value #EXECUTOR}.
 *
 * <p>Both implementations are instantiated directly by class name, not through discovery, so
 * one JVM can measure both side by side; each benchmark uses its own independent coordinator
 * (rule 2.5), never the JVM-wide one.
 *
 * <p><b>Thread-safety.</b> Stateless; every method may be called from any thread.
 */
public final class Implementations {

    /** The plain-JDK baseline: {@link Thread}, {@link java.util.concurrent.Executors}. */
    public static final String JDK = "jdk";
    /** The reference implementation ({@link ReferenceProvider}). */
    public static final String REFERENCE = "reference";
    /** The executor-based implementation ({@link ExecutorProvider}). */
    public static final String EXECUTOR = "executor";

    /** The two terminable implementations, in the order benchmarks report them. */
    public static final List<String> TERMINABLE = List.of(REFERENCE, EXECUTOR);

    private Implementations() {
    }

    /**
     * Creates a new provider of the named implementation.
     *
     * @param impl {@value #REFERENCE} or {@value #EXECUTOR}
     * @return a new provider instance
     * @throws IllegalArgumentException if {@code impl} names no terminable implementation
     */
    public static TerminableProvider provider(String impl) {
        switch (impl) {
            case REFERENCE:
                return new ReferenceProvider();
            case EXECUTOR:
                return new ExecutorProvider();
            default:
                throw new IllegalArgumentException("impl must be one of " + TERMINABLE + ", got '" + impl + "'");
        }
    }

    /**
     * Creates an independent coordinator of the named implementation, with default settings
     * except its name.
     *
     * @param impl {@value #REFERENCE} or {@value #EXECUTOR}
     * @param name the coordinator's name (it prefixes its threads' names)
     * @return a new OPEN coordinator
     * @throws IllegalArgumentException if {@code impl} names no terminable implementation
     */
    public static TerminationCoordinator newCoordinator(String impl, String name) {
        return provider(impl).newCoordinator(CoordinatorSettings.builder().name(name).build());
    }

    /**
     * Returns whether {@code impl} is the plain-JDK baseline.
     *
     * @param impl an implementation name
     * @return whether it is {@value #JDK}
     * @throws IllegalArgumentException if {@code impl} is not one of the three names
     */
    public static boolean isBaseline(String impl) {
        if (JDK.equals(impl)) {
            return true;
        }
        if (TERMINABLE.contains(impl)) {
            return false;
        }
        throw new IllegalArgumentException("impl must be '" + JDK + "' or one of " + TERMINABLE + ", got '" + impl + "'");
    }
}
