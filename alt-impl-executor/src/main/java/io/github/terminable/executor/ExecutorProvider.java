package io.github.terminable.executor;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import java.util.Optional;

/**
 * The executor-based implementation of the terminable specification, found by
 * {@link io.github.terminable.Terminables} through {@link java.util.ServiceLoader}.
 *
 * <p>A plain terminable thread runs its body as a {@link java.util.concurrent.FutureTask} on its
 * own thread; a background loop's thread is the single worker of its own
 * {@link java.util.concurrent.ThreadPoolExecutor}; termination callbacks run one at a time on a
 * coordinator-owned terminator executor, each bounded by a
 * {@link java.util.concurrent.ScheduledThreadPoolExecutor} watchdog. See the
 * module's README for where this implementation's observable behaviour (thread names, timing)
 * differs from the reference implementation within what the specification allows.
 *
 * <p>The constructor is cheap and starts nothing; the global coordinator, its quiescence
 * watcher and its JVM shutdown hook are installed by the first {@link #globalCoordinator()} call
 * (rule 4.1), and are shared by every instance of this class.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe.
 */
public final class ExecutorProvider implements TerminableProvider {

    /** Creates the provider; starts nothing. */
    public ExecutorProvider() {
        // nothing to do: see rule 4.1
    }

    /**
     * Returns {@code executor}.
     *
     * @return the implementation's short name
     */
    @Override
    public String name() {
        return "executor";
    }

    /**
     * Returns the global coordinator, installing it on the first call (rules 4.1 to 4.11).
     *
     * @return the global coordinator, the same for every call and every instance of this class
     * @throws IllegalArgumentException if the system properties hold invalid settings (rule 9.1)
     */
    @Override
    public TerminationCoordinator globalCoordinator() {
        return GlobalCoordinator.get(additionalPropertyNames());
    }

    /**
     * Creates an independent coordinator, triggered only by its {@code shutdown()} (rule 2.5).
     *
     * @param settings its settings
     * @return a new OPEN coordinator; it starts no thread until it is used
     * @throws NullPointerException if {@code settings} is null
     */
    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        return new ExecutorCoordinator(Arguments.notNull(settings, "settings"));
    }

    /**
     * Returns whether this runtime has virtual threads (Java 21 or newer; rules 6.1 and 6.2).
     *
     * @return whether virtual terminable threads can be created
     */
    @Override
    public boolean supportsVirtualThreads() {
        return VirtualThreads.isAvailable();
    }

    @Override
    public String toString() {
        return "ExecutorProvider[executor implementation of terminable]";
    }

    /**
     * Returns the terminable thread (platform, virtual or loop thread) the caller runs on
     * (rule 1.11).
     *
     * @return its handle (for a loop, the loop's {@code thread()}); empty elsewhere
     */
    @Override
    public Optional<TerminableThread> currentThread() {
        return CurrentThread.current();
    }
}
