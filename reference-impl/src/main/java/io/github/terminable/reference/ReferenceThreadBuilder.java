package io.github.terminable.reference;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;

import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * Builds {@link ReferenceTerminableThread}s for one coordinator. The name, the owner and
 * {@code awaitedInTurn} are kept by {@link UnitBuilder}; this class adds the callback and
 * {@code virtual}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Every setter
 * validates first and changes nothing when it throws (rule 1.10). The owner is held only through
 * a {@link WeakReference}, here and in the threads built (rule 2.6).
 */
final class ReferenceThreadBuilder extends UnitBuilder<TerminableThreadBuilder> implements TerminableThreadBuilder {

    private TerminationCallback callback = TerminationCallback.interrupt();
    private boolean virtual;

    ReferenceThreadBuilder(ReferenceCoordinator coordinator) {
        super(coordinator);
    }

    @Override
    String nextDefaultName() {
        return coordinator.nextThreadName();
    }

    /**
     * Creates a builder. Its declared type is the interface, so that verifying the coordinator
     * loads neither this class nor the interface before a thread builder is asked for
     * (benchmarks/RESULTS.md, row 5).
     *
     * @param coordinator the coordinator of the threads it builds
     * @return the builder
     */
    static TerminableThreadBuilder create(ReferenceCoordinator coordinator) {
        return new ReferenceThreadBuilder(coordinator);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The default is {@link TerminationCallback#interrupt()} (rule 1.7).
     */
    @Override
    public TerminableThreadBuilder onTerminate(TerminationCallback callback) {
        this.callback = Objects.requireNonNull(callback, "callback must not be null");
        return this;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Virtual threads are created through {@code Thread.ofVirtual()}, looked up reflectively
     * at run time (see {@link VirtualThreads}).
     */
    @Override
    public TerminableThreadBuilder virtual(boolean virtual) {
        if (virtual && !VirtualThreads.isSupported()) {
            throw VirtualThreads.unsupported();
        }
        this.virtual = virtual;
        return this;
    }

    @Override
    public TerminableThread unstarted(Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        return coordinator.newThread(unitName(), callback, ownerReference(), virtual, awaited(), body);
    }

    @Override
    public TerminableThread start(Runnable body) {
        TerminableThread t = unstarted(body);
        t.start();
        return t;
    }
}
