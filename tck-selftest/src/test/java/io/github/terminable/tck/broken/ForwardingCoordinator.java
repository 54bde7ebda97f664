package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;

/**
 * Forwards to a reference coordinator, wrapping every thread so that its handle, its
 * coordinator and the handle its callback receives are the wrappers. Subclasses override the
 * hooks ({@link #newThread}, {@link #wrapCallback}, {@link #shutdown()}, ...) to break one rule.
 */
public class ForwardingCoordinator implements TerminationCoordinator {

    final TerminationCoordinator delegate;
    private final Map<TerminableThread, WeakReference<ForwardingThread>> wrappers =
            Collections.synchronizedMap(new WeakHashMap<>());

    protected ForwardingCoordinator(TerminationCoordinator delegate) {
        this.delegate = delegate;
    }

    /** Returns the wrapper of a reference thread, creating it if needed. */
    ForwardingThread wrap(TerminableThread inner, Runnable body, TerminationCallback callback) {
        synchronized (wrappers) {
            WeakReference<ForwardingThread> ref = wrappers.get(inner);
            ForwardingThread w = ref == null ? null : ref.get();
            if (w == null) {
                w = newThread(inner, body, callback);
                wrappers.put(inner, new WeakReference<>(w));
            }
            return w;
        }
    }

    /** Hook: creates the wrapper of one thread (callback: the user's, or null for the default). */
    protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
        return new ForwardingThread(this, inner, body, callback);
    }

    /** Hook: wraps a reference loop. */
    protected io.github.terminable.BackgroundLoop wrapLoop(io.github.terminable.BackgroundLoop loop) {
        return new ForwardingLoop(this, loop);
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

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public CoordinatorSettings settings() {
        return delegate.settings();
    }

    @Override
    public TerminableThreadBuilder threadBuilder() {
        return new ForwardingThreadBuilder(this, delegate.threadBuilder());
    }

    @Override
    public BackgroundLoopBuilder loopBuilder() {
        return new ForwardingLoopBuilder(this, delegate.loopBuilder());
    }

    @Override
    public ShutdownCompletion shutdown() {
        return delegate.shutdown();
    }

    @Override
    public CoordinatorPhase phase() {
        return delegate.phase();
    }

    @Override
    public List<TerminableThread> liveThreads() {
        List<TerminableThread> out = new ArrayList<>();
        for (TerminableThread t : delegate.liveThreads()) {
            out.add(wrap(t, null, null));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public void addListener(TerminationListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void attach(TerminationCoordinator child) {
        delegate.attach(child instanceof ForwardingCoordinator f ? f.delegate : child);
    }

    @Override
    public boolean removeListener(TerminationListener listener) {
        return delegate.removeListener(listener);
    }

    /**
     * Forwards to a reference completion handle. A new instance is itself a different handle from
     * the reference's (rule 3.1); subclasses break {@link #isDone()} or {@link #await(Duration)}
     * (rules 2.7, 3.7).
     */
    static class ForwardingCompletion implements ShutdownCompletion {

        protected final ShutdownCompletion delegate;

        ForwardingCompletion(ShutdownCompletion delegate) {
            this.delegate = delegate;
        }

        @Override
        public ShutdownTrigger trigger() {
            return delegate.trigger();
        }

        @Override
        public boolean isDone() {
            return delegate.isDone();
        }

        @Override
        public ShutdownReport await(Duration deadline) throws InterruptedException {
            return delegate.await(deadline);
        }

        @Override
        public CompletionStage<ShutdownReport> toCompletionStage() {
            return delegate.toCompletionStage();
        }
    }
}
