package io.github.terminable.tck.broken;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.reference.ReferenceProvider;
import io.github.terminable.spi.TerminableProvider;

/**
 * The base of the deliberately broken implementations: a provider that forwards everything to
 * the reference implementation through forwarding wrappers. Each broken implementation
 * overrides one hook or method of {@link ForwardingCoordinator} or {@link ForwardingThread} to break one
 * behaviour, so that the TCK's self-test can check that exactly that rule is reported.
 */
public abstract class ForwardingProvider implements TerminableProvider {

    private final ReferenceProvider delegate = new ReferenceProvider();

    @Override
    public String name() {
        return "broken-" + getClass().getSimpleName();
    }

    @Override
    public TerminationCoordinator globalCoordinator() {
        throw new UnsupportedOperationException("broken implementations are only tested in-process");
    }

    /**
     * Returns the reference implementation's JVM-wide coordinator, for broken implementations
     * of the global coordinator ({@link GlobalBreakingProvider}; they run in the TCK's child
     * JVMs).
     *
     * @return the reference's global coordinator
     */
    protected TerminationCoordinator referenceGlobalCoordinator() {
        return delegate.globalCoordinator();
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        if (settings == null) {
            throw new NullPointerException("settings must not be null");
        }
        return wrap(delegate.newCoordinator(settings)).self();
    }

    /**
     * Wraps a reference coordinator; override to install a broken behaviour. This default
     * forwards everything but the bodies, which go through {@link #wrapBody}.
     *
     * @param coordinator the reference coordinator
     * @return the wrapper
     */
    protected ForwardingCoordinator wrap(TerminationCoordinator coordinator) {
        return new ForwardingCoordinator(coordinator) {
            @Override
            protected Runnable wrapBody(Runnable body) {
                return ForwardingProvider.this.wrapBody(body);
            }
        };
    }

    /**
     * Hook of the default {@link #wrap}: what a reference thread runs instead of the body given
     * to a builder; override to break how bodies run. Returns {@code body} itself.
     *
     * @param body the body given to the builder
     * @return what the reference thread runs
     */
    protected Runnable wrapBody(Runnable body) {
        return body;
    }

    @Override
    public boolean supportsVirtualThreads() {
        return delegate.supportsVirtualThreads();
    }

    @Override
    public java.util.Optional<io.github.terminable.TerminableThread> currentThread() {
        return delegate.currentThread();
    }
}
