package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminableThread;

/**
 * Forwards to a reference loop, except that its thread is the coordinator's wrapper of the loop's
 * thread. Subclasses break submission by declaring the methods they change (see
 * {@link Forwarding} for how an override is found).
 */
public class ForwardingLoop extends Forwarding<BackgroundLoop> {

    protected final ForwardingCoordinator coordinator;

    protected ForwardingLoop(ForwardingCoordinator coordinator, BackgroundLoop delegate) {
        super(BackgroundLoop.class, delegate);
        this.coordinator = coordinator;
    }

    /** Overrides {@link BackgroundLoop#thread()}: the wrapper of the reference loop's thread. */
    public TerminableThread thread() {
        return coordinator.wrap(delegate.thread(), null, null);
    }
}
