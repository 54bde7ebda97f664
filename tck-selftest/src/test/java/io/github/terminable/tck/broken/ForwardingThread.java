package io.github.terminable.tck.broken;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;

import java.time.Duration;

/**
 * Forwards to a reference thread. Subclasses break {@link #start()} or {@link #terminate()}.
 */
public class ForwardingThread implements TerminableThread {

    protected final ForwardingCoordinator coordinator;
    protected final TerminableThread delegate;
    /** The body given to the builder, if known (for implementations that run it themselves). */
    protected final Runnable body;
    /** The user's callback, or null for the default (for implementations that run it themselves). */
    protected final TerminationCallback callback;

    protected ForwardingThread(ForwardingCoordinator coordinator, TerminableThread delegate, Runnable body,
                               TerminationCallback callback) {
        this.coordinator = coordinator;
        this.delegate = delegate;
        this.body = body;
        this.callback = callback;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Thread thread() {
        return delegate.thread();
    }

    @Override
    public TerminationCoordinator coordinator() {
        return coordinator;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public boolean terminate() {
        return delegate.terminate();
    }

    @Override
    public boolean isTerminationRequested() {
        return delegate.isTerminationRequested();
    }

    @Override
    public ThreadState state() {
        return delegate.state();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return delegate.join(timeout);
    }

    /**
     * Invokes the user's callback with this handle on the calling thread, as implementations that
     * run the callback themselves do; a checked exception is rethrown unchecked.
     */
    protected final void invokeCallback() {
        try {
            callback.onTerminate(this);
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
        Daemons.start(name() + "-extra-callback", this::invokeCallback);
    }
}
