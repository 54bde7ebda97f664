package io.github.terminable.tck.child;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

/**
 * A stand-in provider used only by the discovery scenarios (section 7): a second candidate on
 * the class path, or a class to name in {@code io.github.terminable.provider}. It is never
 * declared in the TCK jar's {@code META-INF/services}; the discovery tests declare it in a
 * temporary directory. It creates nothing.
 */
public final class NamedTestProvider implements TerminableProvider {

    /** Creates the stand-in; starts nothing. */
    public NamedTestProvider() {
    }

    @Override
    public String name() {
        return "tck-named-test-provider";
    }

    @Override
    public TerminationCoordinator globalCoordinator() {
        throw new UnsupportedOperationException("the TCK's discovery stand-in creates no coordinators");
    }

    @Override
    public TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        throw new UnsupportedOperationException("the TCK's discovery stand-in creates no coordinators");
    }

    @Override
    public boolean supportsVirtualThreads() {
        return false;
    }

    @Override
    public java.util.Optional<io.github.terminable.TerminableThread> currentThread() {
        return java.util.Optional.empty();
    }
}
