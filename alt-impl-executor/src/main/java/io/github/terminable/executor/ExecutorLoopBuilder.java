package io.github.terminable.executor;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;

/**
 * Builds {@link ExecutorLoop}s for one coordinator (rules 2.6 and 5.7). The name, the owner and
 * {@code awaitedInTurn} are kept by {@link UnitBuilder}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Each setter
 * validates its argument before changing anything.
 */
final class ExecutorLoopBuilder extends UnitBuilder<BackgroundLoopBuilder> implements BackgroundLoopBuilder {

    ExecutorLoopBuilder(ExecutorCoordinator coordinator) {
        super(coordinator);
    }

    @Override
    String nextDefaultName() {
        return coordinator.nextLoopName();
    }

    @Override
    public BackgroundLoop start() {
        ExecutorLoop loop = new ExecutorLoop(coordinator, unitName(), ownerReference(), awaited());
        loop.thread().start(); // registers (or throws ShutdownInProgressException) and starts the worker
        return loop;
    }
}
