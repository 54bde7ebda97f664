package io.github.terminable.tck.broken;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;

/**
 * A broken implementation that breaks only the thread handles: its coordinators forward
 * unchanged, and every thread wrapper they hand out is made by {@link #newThread}.
 */
abstract class ThreadBreakingProvider extends ForwardingProvider {

    @Override
    protected final ForwardingCoordinator wrap(TerminationCoordinator c) {
        return new ForwardingCoordinator(c) {
            @Override
            protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                return ThreadBreakingProvider.this.newThread(this, inner, body, callback);
            }
        };
    }

    /**
     * Creates the broken wrapper of one reference thread.
     *
     * @param coordinator the wrapper's coordinator
     * @param inner       the reference thread
     * @param body        the body given to the builder, or null if unknown
     * @param callback    the user's callback, or null for the default
     * @return the wrapper
     */
    protected abstract ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner,
                                                  Runnable body, TerminationCallback callback);
}
