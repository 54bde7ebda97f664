package io.github.terminable.executor;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;

/**
 * Builds plain terminable threads ({@link FutureTaskThread}) for one coordinator (rules 1.7, 1.10, 2.6 and 6.2).
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Each setter
 * validates its argument before changing anything.
 */
final class ExecutorThreadBuilder implements TerminableThreadBuilder {

    private final ExecutorCoordinator coordinator;
    private String name;
    private TerminationCallback callback = TerminationCallback.interrupt();
    /** Held weakly even here (rule 2.6): a builder kept in a variable must not keep the owner alive. */
    private OwnerReference owner;
    /** Rule 3.11; the default is an awaited turn. */
    private boolean awaitedInTurn = true;
    private boolean virtual;

    ExecutorThreadBuilder(ExecutorCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public TerminableThreadBuilder name(String name) {
        this.name = Arguments.notBlank(name, "name");
        return this;
    }

    @Override
    public TerminableThreadBuilder onTerminate(TerminationCallback callback) {
        this.callback = Arguments.notNull(callback, "callback");
        return this;
    }

    @Override
    public TerminableThreadBuilder owner(Object owner) {
        this.owner = new OwnerReference(Arguments.notNull(owner, "owner"));
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
        String threadName = name != null ? name : coordinator.nextThreadName();
        return new FutureTaskThread(coordinator, threadName, virtual, callback, body, owner, awaitedInTurn);
    }

    @Override
    public TerminableThread start(Runnable body) {
        TerminableThread thread = unstarted(body);
        thread.start();
        return thread;
    }

    @Override
    public TerminableThreadBuilder awaitedInTurn(boolean awaited) {
        this.awaitedInTurn = awaited;
        return this;
    }
}
