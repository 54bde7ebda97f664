package io.github.terminable.executor;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;

/**
 * Builds plain terminable threads ({@link FutureTaskThread}) for one coordinator (rules 1.7, 1.10, 2.6 and 6.2).
 * The name, the owner and {@code awaitedInTurn} are kept by {@link UnitBuilder}; this class adds
 * the callback and {@code virtual}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Each setter
 * validates its argument before changing anything.
 */
final class ExecutorThreadBuilder extends UnitBuilder<TerminableThreadBuilder> implements TerminableThreadBuilder {

    private TerminationCallback callback = TerminationCallback.interrupt();
    private boolean virtual;

    ExecutorThreadBuilder(ExecutorCoordinator coordinator) {
        super(coordinator);
    }

    @Override
    String nextDefaultName() {
        return coordinator.nextThreadName();
    }

    @Override
    public TerminableThreadBuilder onTerminate(TerminationCallback callback) {
        this.callback = Arguments.notNull(callback, "callback");
        return this;
    }

    @Override
    public TerminableThreadBuilder virtual(boolean virtual) {
        if (virtual) {
            VirtualThreads.requireAvailable(); // rule 6.2: at once, naming Java 21
        }
        this.virtual = virtual;
        return this;
    }

    @Override
    public TerminableThread unstarted(Runnable body) {
        Arguments.notNull(body, "body");
        return new FutureTaskThread(coordinator, unitName(), virtual, callback, body, ownerReference(), awaited());
    }

    @Override
    public TerminableThread start(Runnable body) {
        TerminableThread thread = unstarted(body);
        thread.start();
        return thread;
    }
}
