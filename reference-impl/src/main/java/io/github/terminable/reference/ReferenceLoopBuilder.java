package io.github.terminable.reference;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;

import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * Builds and starts {@link ReferenceBackgroundLoop}s for one coordinator.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Setters validate
 * first and change nothing when they throw. The owner is held only weakly (rule 2.6).
 */
final class ReferenceLoopBuilder implements BackgroundLoopBuilder {

    private final ReferenceCoordinator coordinator;
    private String name;
    private WeakReference<Object> owner;

    ReferenceLoopBuilder(ReferenceCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public BackgroundLoopBuilder name(String name) {
        this.name = ReferenceThreadBuilder.requireName(name);
        return this;
    }

    @Override
    public BackgroundLoopBuilder owner(Object owner) {
        this.owner = new WeakReference<>(Objects.requireNonNull(owner, "owner must not be null"));
        return this;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rules 1.1 and 5.7: the loop's thread is registered like any terminable
     * thread.
     */
    @Override
    public BackgroundLoop start() {
        ReferenceBackgroundLoop loop = new ReferenceBackgroundLoop(coordinator,
                name != null ? name : coordinator.nextLoopName(), owner);
        loop.thread().start();
        return loop;
    }

    @Override
    public io.github.terminable.BackgroundLoopBuilder awaitedInTurn(boolean awaited) {
        throw new UnsupportedOperationException("awaitedInTurn: not implemented yet (spec 0.2, rule 3.11)");
    }
}
