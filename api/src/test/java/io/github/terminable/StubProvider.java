package io.github.terminable;

import io.github.terminable.spi.TerminableProvider;

/**
 * A provider that only names itself: enough to prove which provider discovery picked. Its
 * coordinator methods fail, since discovery tests never need a coordinator.
 */
public class StubProvider implements TerminableProvider {

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    @Override
    public TerminationCoordinator globalCoordinator() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public boolean supportsVirtualThreads() {
        return false;
    }

    @Override
    public java.util.Optional<TerminableThread> currentThread() {
        return java.util.Optional.empty();
    }

    /** A second stub, so that ServiceLoader can find two providers. */
    public static class Other extends StubProvider {
    }
}
