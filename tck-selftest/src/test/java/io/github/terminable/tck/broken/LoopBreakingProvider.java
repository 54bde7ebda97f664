package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;

/**
 * A broken implementation that breaks only the background loops: its coordinators and threads
 * forward unchanged, and every loop they hand out is wrapped by {@link #wrapLoop}.
 */
abstract class LoopBreakingProvider extends ForwardingProvider {

    @Override
    protected final ForwardingCoordinator wrap(TerminationCoordinator c) {
        return new ForwardingCoordinator(c) {
            @Override
            protected BackgroundLoop wrapLoop(BackgroundLoop loop) {
                return LoopBreakingProvider.this.wrapLoop(this, loop).self();
            }
        };
    }

    /**
     * Wraps one reference loop in its broken form.
     *
     * @param coordinator the wrapper's coordinator
     * @param loop        the reference loop
     * @return the wrapper
     */
    protected abstract ForwardingLoop wrapLoop(ForwardingCoordinator coordinator, BackgroundLoop loop);
}
