package io.github.terminable.tck.broken;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;

/**
 * Forwards to a reference thread, except that its coordinator is the wrapper's. Subclasses break
 * {@code start()} or {@code terminate()} by declaring them (see {@link Forwarding} for how an
 * override is found).
 */
public class ForwardingThread extends Forwarding<TerminableThread> {

    protected final ForwardingCoordinator coordinator;
    /** The body given to the builder, if known (for implementations that run it themselves). */
    protected final Runnable body;
    /** The user's callback, or null for the default (for implementations that run it themselves). */
    protected final TerminationCallback callback;

    protected ForwardingThread(ForwardingCoordinator coordinator, TerminableThread delegate, Runnable body,
                               TerminationCallback callback) {
        super(TerminableThread.class, delegate);
        this.coordinator = coordinator;
        this.body = body;
        this.callback = callback;
    }

    /** Overrides {@link TerminableThread#coordinator()}: the handle of the wrapping coordinator. */
    public TerminationCoordinator coordinator() {
        return coordinator.self();
    }

    /**
     * Invokes the user's callback with this handle on the calling thread, as implementations that
     * run the callback themselves do; a checked exception is rethrown unchecked.
     */
    protected final void invokeCallback() {
        try {
            callback.onTerminate(self());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Invokes the user's callback with this handle once more, on a new daemon thread named
     * {@code <name>-extra-callback}: the second invocation of implementations that accept one
     * request twice (rules 1.2, 1.3).
     */
    protected final void invokeCallbackOnNewThread() {
        Daemons.start(delegate.name() + "-extra-callback", this::invokeCallback);
    }
}
