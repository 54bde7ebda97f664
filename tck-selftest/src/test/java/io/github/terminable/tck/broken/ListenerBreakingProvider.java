package io.github.terminable.tck.broken;

import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broken implementation that breaks only how listeners are told: every listener added to one of
 * its coordinators reaches the reference coordinator wrapped by {@link #wrapListener}, and
 * {@code removeListener} removes that wrapper.
 */
abstract class ListenerBreakingProvider extends ForwardingProvider {

    @Override
    protected final ForwardingCoordinator wrap(TerminationCoordinator c) {
        Map<TerminationListener, TerminationListener> wrapped = new ConcurrentHashMap<>();
        return new ForwardingCoordinator(c) {
            public void addListener(TerminationListener listener) {
                if (listener == null) {
                    throw new NullPointerException("listener must not be null");
                }
                delegate.addListener(wrapped.computeIfAbsent(listener, l -> wrapListener(l).self()));
            }

            public boolean removeListener(TerminationListener listener) {
                TerminationListener w = listener == null ? null : wrapped.remove(listener);
                return delegate.removeListener(w == null ? listener : w);
            }
        };
    }

    /**
     * Wraps one listener in its broken form.
     *
     * @param listener the listener as the caller added it
     * @return the wrapper the reference coordinator is given instead
     */
    protected abstract Forwarding<TerminationListener> wrapListener(TerminationListener listener);
}
