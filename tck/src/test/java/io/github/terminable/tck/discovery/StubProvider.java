package io.github.terminable.tck.discovery;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import java.util.Optional;

/**
 * A provider that only names itself (its simple class name): enough to prove which provider
 * discovery picked. Its coordinator methods fail, since the discovery checks never need one.
 */
public class StubProvider implements TerminableProvider {

    /** Creates the stub; starts nothing. */
    public StubProvider() {
    }

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
    public Optional<TerminableThread> currentThread() {
        return Optional.empty();
    }

    /** A second stub, so that ServiceLoader can find two providers. */
    public static class Other extends StubProvider {
    }

    /** A provider whose construction fails, as a broken implementation's would. */
    public static class Exploding extends StubProvider {

        /** Always fails. */
        public Exploding() {
            throw new IllegalStateException("provider construction failed on purpose");
        }
    }
}
