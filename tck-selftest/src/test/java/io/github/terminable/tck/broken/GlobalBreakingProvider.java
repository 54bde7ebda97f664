package io.github.terminable.tck.broken;

import io.github.terminable.TerminationCoordinator;

/**
 * A broken implementation of the JVM-wide coordinator (run in the TCK's child JVMs): the
 * reference's global coordinator, wrapped once by {@link #wrapGlobal} on first use.
 */
abstract class GlobalBreakingProvider extends ForwardingProvider {

    private ForwardingCoordinator global;

    @Override
    public final synchronized TerminationCoordinator globalCoordinator() {
        if (global == null) {
            global = wrapGlobal(referenceGlobalCoordinator());
        }
        return global.self();
    }

    /**
     * Wraps the reference's global coordinator in its broken form; called once.
     *
     * @param reference the reference implementation's global coordinator
     * @return the wrapper
     */
    protected abstract ForwardingCoordinator wrapGlobal(TerminationCoordinator reference);
}
