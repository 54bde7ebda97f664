package io.github.terminable.reference;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;

import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * Builds {@link ReferenceTerminableThread}s for one coordinator.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Every setter
 * validates first and changes nothing when it throws (rule 1.10). The owner is held only through
 * a {@link WeakReference}, here and in the threads built (rule 2.6).
 */
final class ReferenceThreadBuilder implements TerminableThreadBuilder {

    private final ReferenceCoordinator coordinator;
    private String name;
    private TerminationCallback callback = TerminationCallback.interrupt();
    private WeakReference<Object> owner;
    private boolean virtual;
    private boolean awaitedInTurn = true;

    ReferenceThreadBuilder(ReferenceCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public TerminableThreadBuilder name(String name) {
        this.name = requireName(name);
        return this;
    }

    /**
     * Validates a thread or loop name.
     *
     * @param name the name
     * @return {@code name}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static String requireName(String name) {
        if (name == null) {
            throw new NullPointerException("name must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
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

    @Override
    public TerminableThreadBuilder owner(Object owner) {
        this.owner = new WeakReference<>(Objects.requireNonNull(owner, "owner must not be null"));
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
        String threadName = name != null ? name : coordinator.nextThreadName();
        return coordinator.newThread(threadName, callback, owner, virtual, awaitedInTurn, body);
    }

    @Override
    public TerminableThread start(Runnable body) {
        TerminableThread t = unstarted(body);
        t.start();
        return t;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Default {@code true} (rule 3.11).
     */
    @Override
    public TerminableThreadBuilder awaitedInTurn(boolean awaited) {
        this.awaitedInTurn = awaited;
        return this;
    }
}
