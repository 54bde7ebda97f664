package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Forwards to a reference coordinator, wrapping every thread so that its handle, its
 * coordinator and the handle its callback receives are the wrappers. Subclasses override the
 * hooks ({@link #newThread}, {@link #wrapCallback}, ...) or declare a method of the coordinator
 * ({@code shutdown()}, ...; see {@link Forwarding} for how an override is found) to break one rule.
 */
public class ForwardingCoordinator extends Forwarding<TerminationCoordinator> {

    private final Map<TerminableThread, WeakReference<ForwardingThread>> wrappers =
            Collections.synchronizedMap(new WeakHashMap<>());

    protected ForwardingCoordinator(TerminationCoordinator delegate) {
        super(TerminationCoordinator.class, delegate);
    }

    /** Returns the handle of the wrapper of a reference thread, creating the wrapper if needed. */
    TerminableThread wrap(TerminableThread inner, Runnable body, TerminationCallback callback) {
        synchronized (wrappers) {
            WeakReference<ForwardingThread> ref = wrappers.get(inner);
            ForwardingThread w = ref == null ? null : ref.get();
            if (w == null) {
                w = newThread(inner, body, callback);
                wrappers.put(inner, new WeakReference<>(w));
            }
            return w.self();
        }
    }

    /** Hook: creates the wrapper of one thread (callback: the user's, or null for the default). */
    protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
        return new ForwardingThread(this, inner, body, callback);
    }

    /** Hook: wraps a reference loop. */
    protected BackgroundLoop wrapLoop(BackgroundLoop loop) {
        return new ForwardingLoop(this, loop).self();
    }

    /**
     * Hook: the {@code awaitedInTurn} setting actually given to the reference builders, for a
     * requested one ({@code true} when the caller did not choose).
     */
    protected boolean awaitedInTurn(boolean requested) {
        return requested;
    }

    /** Hook: wraps a thread's body before it is given to the reference builder. */
    protected Runnable wrapBody(Runnable body) {
        return body;
    }

    /** Hook: wraps a user callback before it is given to the reference builder. */
    protected TerminationCallback wrapCallback(TerminationCallback callback) {
        return inner -> callback.onTerminate(wrap(inner, null, null));
    }

    /** Overrides {@link TerminationCoordinator#threadBuilder()}: a builder whose threads are wrapped. */
    public TerminableThreadBuilder threadBuilder() {
        return new ForwardingThreadBuilder(this, delegate.threadBuilder()).self();
    }

    /** Overrides {@link TerminationCoordinator#loopBuilder()}: a builder whose loops are wrapped. */
    public BackgroundLoopBuilder loopBuilder() {
        return new ForwardingLoopBuilder(this, delegate.loopBuilder()).self();
    }

    /** Overrides {@link TerminationCoordinator#liveThreads()}: the wrappers of the live threads. */
    public List<TerminableThread> liveThreads() {
        List<TerminableThread> out = new ArrayList<>();
        for (TerminableThread t : delegate.liveThreads()) {
            out.add(wrap(t, null, null));
        }
        return Collections.unmodifiableList(out);
    }

    /** Overrides {@link TerminationCoordinator#attach}: attaches the reference behind a wrapper. */
    public void attach(TerminationCoordinator child) {
        delegate.attach(Forwarding.behind(child) instanceof ForwardingCoordinator f ? f.delegate : child);
    }

    /**
     * Forwards to a reference completion handle. A new instance is itself a different handle from
     * the reference's (rule 3.1); subclasses break {@code isDone()} or {@code await(Duration)}
     * (rules 2.7, 3.7).
     */
    static class ForwardingCompletion extends Forwarding<ShutdownCompletion> {

        ForwardingCompletion(ShutdownCompletion delegate) {
            super(ShutdownCompletion.class, delegate);
        }
    }
}
