package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;

/**
 * Forwards to a reference loop builder; the {@code awaitedInTurn} setting passes through the
 * coordinator's hook and the loop is wrapped by it.
 */
final class ForwardingLoopBuilder extends Forwarding<BackgroundLoopBuilder> {

    private final ForwardingCoordinator coordinator;

    ForwardingLoopBuilder(ForwardingCoordinator coordinator, BackgroundLoopBuilder delegate) {
        super(BackgroundLoopBuilder.class, delegate);
        this.coordinator = coordinator;
        awaitedInTurn(true); // the default passes through the coordinator's hook as a chosen setting does
    }

    public BackgroundLoopBuilder awaitedInTurn(boolean awaited) {
        delegate.awaitedInTurn(coordinator.awaitedInTurn(awaited));
        return self();
    }

    public BackgroundLoop start() {
        return coordinator.wrapLoop(delegate.start());
    }
}
