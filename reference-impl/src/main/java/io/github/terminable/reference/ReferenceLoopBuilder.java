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
    private boolean awaitedInTurn = true;

    ReferenceLoopBuilder(ReferenceCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public BackgroundLoopBuilder name(String name) {
        this.name = Arguments.requireName(name);
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
                name != null ? name : coordinator.nextLoopName(), owner, awaitedInTurn);
        loop.thread().start();
        return loop;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Default {@code true}: the loop's turn waits until its thread has ended, that is, after
     * its last task and every deferred cleanup (rules 3.2 and 3.11).
     */
    @Override
    public BackgroundLoopBuilder awaitedInTurn(boolean awaited) {
        this.awaitedInTurn = awaited;
        return this;
    }
}
