package io.github.terminable.reference;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;

/**
 * Builds and starts {@link ReferenceBackgroundLoop}s for one coordinator. The name, the owner and
 * {@code awaitedInTurn} are kept by {@link UnitBuilder}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Setters validate
 * first and change nothing when they throw. The owner is held only weakly (rule 2.6).
 */
final class ReferenceLoopBuilder extends UnitBuilder<BackgroundLoopBuilder> implements BackgroundLoopBuilder {

    ReferenceLoopBuilder(ReferenceCoordinator coordinator) {
        super(coordinator);
    }

    @Override
    String nextDefaultName() {
        return coordinator.nextLoopName();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rules 1.1 and 5.7: the loop's thread is registered like any terminable
     * thread.
     */
    @Override
    public BackgroundLoop start() {
        ReferenceBackgroundLoop loop = new ReferenceBackgroundLoop(coordinator, unitName(), ownerReference(), awaited());
        loop.thread().start();
        return loop;
    }
}
