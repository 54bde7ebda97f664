package io.github.terminable.tck.broken;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;

/**
 * Forwards to a reference builder; callbacks are wrapped by the coordinator's hook and threads
 * by its wrapper.
 */
class ForwardingThreadBuilder implements TerminableThreadBuilder {

    private final ForwardingCoordinator coordinator;
    private final TerminableThreadBuilder delegate;
    private TerminationCallback callback;

    ForwardingThreadBuilder(ForwardingCoordinator coordinator, TerminableThreadBuilder delegate) {
        this.coordinator = coordinator;
        this.delegate = delegate;
        if (!coordinator.awaitedInTurn(true)) {
            delegate.awaitedInTurn(false);
        }
    }

    @Override
    public TerminableThreadBuilder name(String name) {
        delegate.name(name);
        return this;
    }

    @Override
    public TerminableThreadBuilder onTerminate(TerminationCallback callback) {
        if (callback == null) {
            throw new NullPointerException("callback must not be null");
        }
        delegate.onTerminate(coordinator.wrapCallback(callback));
        this.callback = callback;
        return this;
    }

    @Override
    public TerminableThreadBuilder awaitedInTurn(boolean awaited) {
        delegate.awaitedInTurn(coordinator.awaitedInTurn(awaited));
        return this;
    }

    @Override
    public TerminableThreadBuilder owner(Object owner) {
        delegate.owner(owner);
        return this;
    }

    @Override
    public TerminableThreadBuilder virtual(boolean virtual) {
        delegate.virtual(virtual);
        return this;
    }

    @Override
    public TerminableThread unstarted(Runnable body) {
        return coordinator.wrap(delegate.unstarted(body == null ? null : coordinator.wrapBody(body)), body, callback);
    }

    @Override
    public TerminableThread start(Runnable body) {
        TerminableThread t = unstarted(body);
        t.start();
        return t;
    }
}
