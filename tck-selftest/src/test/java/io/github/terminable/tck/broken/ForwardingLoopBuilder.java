package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;

/**
 * Forwards to a reference loop builder and wraps the loop.
 */
final class ForwardingLoopBuilder implements BackgroundLoopBuilder {

    private final ForwardingCoordinator coordinator;
    private final BackgroundLoopBuilder delegate;

    ForwardingLoopBuilder(ForwardingCoordinator coordinator, BackgroundLoopBuilder delegate) {
        this.coordinator = coordinator;
        this.delegate = delegate;
        if (!coordinator.awaitedInTurn(true)) {
            delegate.awaitedInTurn(false);
        }
    }

    @Override
    public BackgroundLoopBuilder name(String name) {
        delegate.name(name);
        return this;
    }

    @Override
    public BackgroundLoopBuilder awaitedInTurn(boolean awaited) {
        delegate.awaitedInTurn(coordinator.awaitedInTurn(awaited));
        return this;
    }

    @Override
    public BackgroundLoopBuilder owner(Object owner) {
        delegate.owner(owner);
        return this;
    }

    @Override
    public BackgroundLoop start() {
        return coordinator.wrapLoop(delegate.start());
    }
}
