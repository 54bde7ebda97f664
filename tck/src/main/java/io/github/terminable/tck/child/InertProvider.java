package io.github.terminable.tck.child;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import java.util.Optional;

/**
 * A provider that only names itself and creates nothing: the stand-in for discovery checks
 * (section 7), which need a provider to be found but never a coordinator. Its coordinator
 * methods throw {@link UnsupportedOperationException}; it has no virtual threads and no current
 * terminable thread.
 */
public abstract class InertProvider implements TerminableProvider {

    /** Creates the stand-in; starts nothing. */
    protected InertProvider() {
    }

    @Override
    public TerminationCoordinator globalCoordinator() {
        throw new UnsupportedOperationException(name() + " is a discovery stand-in and creates no coordinators");
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        throw new UnsupportedOperationException(name() + " is a discovery stand-in and creates no coordinators");
    }

    @Override
    public boolean supportsVirtualThreads() {
        return false;
    }

    @Override
    public Optional<TerminableThread> currentThread() {
        return Optional.empty();
    }
}
