package io.github.terminable.tck.broken;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;

/**
 * Forwards to a reference builder; callbacks, bodies and the {@code awaitedInTurn} setting pass
 * through the coordinator's hooks, and threads are wrapped by it.
 */
class ForwardingThreadBuilder extends Forwarding<TerminableThreadBuilder> {

    private final ForwardingCoordinator coordinator;
    private TerminationCallback callback;

    ForwardingThreadBuilder(ForwardingCoordinator coordinator, TerminableThreadBuilder delegate) {
        super(TerminableThreadBuilder.class, delegate);
        this.coordinator = coordinator;
        awaitedInTurn(true); // the default passes through the coordinator's hook as a chosen setting does
    }

    public TerminableThreadBuilder onTerminate(TerminationCallback callback) {
        if (callback == null) {
            throw new NullPointerException("callback must not be null");
        }
        delegate.onTerminate(coordinator.wrapCallback(callback));
        this.callback = callback;
        return self();
    }

    public TerminableThreadBuilder awaitedInTurn(boolean awaited) {
        delegate.awaitedInTurn(coordinator.awaitedInTurn(awaited));
        return self();
    }

    public TerminableThread unstarted(Runnable body) {
        return coordinator.wrap(delegate.unstarted(body == null ? null : coordinator.wrapBody(body)), body, callback);
    }

    public TerminableThread start(Runnable body) {
        TerminableThread t = unstarted(body);
        t.start();
        return t;
    }
}
