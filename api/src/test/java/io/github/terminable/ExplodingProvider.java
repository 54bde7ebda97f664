package io.github.terminable;

import io.github.terminable.spi.TerminableProvider;

/** A provider whose construction fails, as a broken implementation's would. */
public class ExplodingProvider implements TerminableProvider {

    static final String MESSAGE = "provider construction failed on purpose";

    public ExplodingProvider() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String name() {
        throw new AssertionError("unreachable");
    }

    @Override
    public TerminationCoordinator globalCoordinator() {
        throw new AssertionError("unreachable");
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        throw new AssertionError("unreachable");
    }

    @Override
    public boolean supportsVirtualThreads() {
        return false;
    }

    @Override
    public java.util.Optional<TerminableThread> currentThread() {
        return java.util.Optional.empty();
    }
}
