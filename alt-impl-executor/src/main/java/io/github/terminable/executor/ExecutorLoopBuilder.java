package io.github.terminable.executor;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;

/**
 * Builds {@link ExecutorLoop}s for one coordinator (rules 2.6 and 5.7).
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Each setter
 * validates its argument before changing anything.
 */
final class ExecutorLoopBuilder implements BackgroundLoopBuilder {

    private final ExecutorCoordinator coordinator;
    private String name;
    /** Held weakly even here (rule 2.6): a builder kept in a variable must not keep the owner alive. */
    private OwnerReference owner;
    /** Rule 3.11; the default is an awaited turn. */
    private boolean awaitedInTurn = true;

    ExecutorLoopBuilder(ExecutorCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public BackgroundLoopBuilder name(String name) {
        this.name = Arguments.notBlank(name, "name");
        return this;
    }

    @Override
    public BackgroundLoopBuilder owner(Object owner) {
        this.owner = new OwnerReference(Arguments.notNull(owner, "owner"));
        return this;
    }

    @Override
    public BackgroundLoop start() {
        ExecutorLoop loop = new ExecutorLoop(coordinator, name != null ? name : coordinator.nextLoopName(), owner,
                awaitedInTurn);
        loop.thread().start(); // registers (or throws ShutdownInProgressException) and starts the worker
        return loop;
    }

    @Override
    public BackgroundLoopBuilder awaitedInTurn(boolean awaited) {
        this.awaitedInTurn = awaited;
        return this;
    }
}
