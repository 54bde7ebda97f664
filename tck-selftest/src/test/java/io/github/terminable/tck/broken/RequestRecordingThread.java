package io.github.terminable.tck.broken;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread wrapper whose {@code terminate()} accepts requests itself, without passing them to the
 * reference thread at once or at all (implementations that lose or double a request, rules 1.2
 * to 1.4). A request it accepts is set in {@link #requested}, and {@code isTerminationRequested()}
 * reports it as it would a request of the reference thread (clause 1.2.e), so that the wrapper
 * breaks only the rule it means to.
 */
class RequestRecordingThread extends ForwardingThread {

    /** Whether this wrapper has accepted a request itself; subclasses set it in {@code terminate()}. */
    protected final AtomicBoolean requested = new AtomicBoolean();

    RequestRecordingThread(ForwardingCoordinator coordinator, TerminableThread delegate, Runnable body,
                           TerminationCallback callback) {
        super(coordinator, delegate, body, callback);
    }

    /**
     * Overrides {@link TerminableThread#isTerminationRequested()}: whether this wrapper or the
     * reference thread has accepted a request.
     */
    public boolean isTerminationRequested() {
        return requested.get() || delegate.isTerminationRequested();
    }
}
