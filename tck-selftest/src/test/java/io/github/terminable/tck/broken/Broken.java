package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.LoopTask;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.ThreadState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deliberately broken implementations of the TCK's self-test. Each is the reference
 * implementation behind forwarding wrappers that break exactly one behaviour: a wrapper states
 * only what it changes, as an {@code @Override} of a hook of {@link ForwardingCoordinator} or as
 * a public method with the signature of the API method it replaces ({@link Forwarding});
 * everything else is forwarded.
 */
public final class Broken {

    private Broken() {
    }

    /** Terminates in registration (FIFO) order instead of reverse order: breaks rule 3.2. */
    public static final class FifoOrder extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                private final AtomicBoolean first = new AtomicBoolean(true);

                public ShutdownCompletion shutdown() {
                    if (first.compareAndSet(true, false)) {
                        for (TerminableThread t : liveThreads()) { // registration order
                            t.terminate();
                        }
                    }
                    return delegate.shutdown();
                }
            };
        }
    }

    /** Invokes every callback twice: breaks rule 1.2. */
    public static final class DoubleCallback extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    TerminationCallback once = super.wrapCallback(callback);
                    return t -> {
                        once.onTerminate(t);
                        once.onTerminate(t);
                    };
                }
            };
        }
    }

    /** Drops a terminate() made before start(), while still answering true: breaks rule 1.4. */
    public static final class LostPreStartRequest extends ThreadBreakingProvider {
        @Override
        protected ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner, Runnable body,
                                             TerminationCallback callback) {
            return new RequestRecordingThread(coordinator, inner, body, callback) {
                public boolean terminate() {
                    if (delegate.state() == ThreadState.NEW) {
                        return requested.compareAndSet(false, true); // the reference thread never hears of it
                    }
                    return delegate.terminate();
                }
            };
        }
    }

    /** Runs a thread started during shutdown as a plain, unregistered thread: breaks rule 2.3. */
    public static final class LateRegistrationLeftRunning extends ThreadBreakingProvider {
        @Override
        protected ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner, Runnable body,
                                             TerminationCallback callback) {
            return new ForwardingThread(coordinator, inner, body, callback) {
                public void start() {
                    if (this.coordinator.self().phase() != CoordinatorPhase.OPEN && this.body != null) {
                        Daemons.start(delegate.name() + "-unregistered", this.body);
                        return;
                    }
                    delegate.start();
                }
            };
        }
    }

    /** Once a callback has thrown, skips every later callback of the coordinator: breaks rule 3.5. */
    public static final class SkipAfterFailure extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                private final AtomicBoolean failed = new AtomicBoolean();

                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    TerminationCallback inner = super.wrapCallback(callback);
                    return t -> {
                        if (failed.get()) {
                            return;
                        }
                        try {
                            inner.onTerminate(t);
                        } catch (Exception | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    };
                }
            };
        }
    }

    /** Hands out loop futures that never complete when their task is cancelled: breaks rule 5.2. */
    public static final class FutureNeverCompleted extends LoopBreakingProvider {
        @Override
        protected ForwardingLoop wrapLoop(ForwardingCoordinator coordinator, BackgroundLoop loop) {
            return new ForwardingLoop(coordinator, loop) {
                public <T> Future<T> submit(Callable<T> task) {
                    CompletableFuture<T> future = new CompletableFuture<>();
                    delegate.submit(() -> {
                        try {
                            T value = task.call();
                            future.complete(value);
                            return value;
                        } catch (Exception e) {
                            future.completeExceptionally(e);
                            throw e;
                        }
                    });
                    return future; // never completed if the task is cancelled before it runs
                }

                public <T> Future<T> submitWithContext(LoopTask<T> task) {
                    CompletableFuture<T> future = new CompletableFuture<>();
                    delegate.submitWithContext(ctx -> {
                        T value = task.run(ctx);
                        future.complete(value);
                        return value;
                    });
                    return future;
                }
            };
        }
    }

    /** Makes terminate() wait until the callback has finished: breaks rule 1.2 (and 1.6). */
    public static final class BlockingTerminate extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new CallbackTrackingCoordinator(c) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        public boolean terminate() {
                            boolean accepted = delegate.terminate();
                            if (accepted && this.callback != null && delegate.state() != ThreadState.NEW) {
                                try {
                                    awaitCallbackFinished(delegate.name(), 10, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return accepted;
                        }
                    };
                }
            };
        }
    }

    /** Returns a new completion handle from every shutdown() call: breaks rule 3.1. */
    public static final class NewHandlePerCall extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                public ShutdownCompletion shutdown() {
                    return new ForwardingCompletion(delegate.shutdown()).self();
                }
            };
        }
    }

    /** Runs the callback on the thread that called terminate(): breaks rule 1.8. */
    public static final class CallbackOnCaller extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            Map<TerminableThread, AtomicBoolean> ranOnCaller = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
            return new ForwardingCoordinator(c) {
                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    return inner -> {
                        TerminableThread w = wrap(inner, null, null);
                        if (!ranOnCaller.computeIfAbsent(w, k -> new AtomicBoolean()).get()) {
                            callback.onTerminate(w);
                        }
                    };
                }

                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        public boolean terminate() {
                            boolean started = delegate.state() != ThreadState.NEW;
                            AtomicBoolean flag = ranOnCaller.computeIfAbsent(self(), k -> new AtomicBoolean());
                            if (started) {
                                flag.set(true);
                            }
                            boolean accepted = delegate.terminate();
                            if (accepted && started && this.callback != null) {
                                invokeCallback(); // on the caller's thread
                            }
                            return accepted;
                        }
                    };
                }
            };
        }
    }

    /** Never forgets a thread: liveThreads() keeps every thread ever started: breaks rule 2.2. */
    public static final class NeverForgets extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            List<TerminableThread> everStarted = java.util.Collections.synchronizedList(new ArrayList<>());
            return new ForwardingCoordinator(c) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        public void start() {
                            delegate.start();
                            everStarted.add(self());
                        }
                    };
                }

                @Override
                public List<TerminableThread> liveThreads() {
                    synchronized (everStarted) {
                        return List.copyOf(everStarted);
                    }
                }
            };
        }
    }

    /**
     * Builds every thread and loop with {@code awaitedInTurn(false)}: turns end when the callback
     * returns, as in spec 0.1, so shutdown is ordered by request only: breaks rule 3.2 (completion
     * order).
     */
    public static final class RequestOrderOnly extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected boolean awaitedInTurn(boolean requested) {
                    return false;
                }
            };
        }
    }

    /**
     * Makes {@code close()} request termination (interrupting the running task and cancelling the
     * queued ones) and then wait, instead of shutting down gracefully first: breaks rule 5.8.
     */
    public static final class CloseTerminates extends LoopBreakingProvider {
        @Override
        protected ForwardingLoop wrapLoop(ForwardingCoordinator coordinator, BackgroundLoop loop) {
            return new ForwardingLoop(coordinator, loop) {
                public void close() {
                    delegate.terminate();
                    if (Thread.currentThread() == delegate.thread().thread()) {
                        return;
                    }
                    try {
                        delegate.thread().join(this.coordinator.self().settings().shutdownDeadline());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }

    /**
     * Cancels the futures of the tasks {@code shutdownNow()} hands back, as spec 0.1 did, so that
     * running a handed-back task no longer runs it: breaks rule 5.10. The loop remembers the
     * futures it handed out and cancels every one not yet done once the reference's
     * {@code shutdownNow()} returned; those are exactly the handed-back tasks' (and possibly the
     * interrupted running task's).
     */
    public static final class ShutdownNowCancels extends LoopBreakingProvider {
        @Override
        protected ForwardingLoop wrapLoop(ForwardingCoordinator coordinator, BackgroundLoop loop) {
            List<Future<?>> handedOut = java.util.Collections.synchronizedList(new ArrayList<>());
            return new ForwardingLoop(coordinator, loop) {
                public <T> Future<T> submit(Callable<T> task) {
                    Future<T> f = delegate.submit(task);
                    handedOut.add(f);
                    return f;
                }

                public Future<?> submit(Runnable task) {
                    Future<?> f = delegate.submit(task);
                    handedOut.add(f);
                    return f;
                }

                public List<Runnable> shutdownNow() {
                    List<Runnable> queued = delegate.shutdownNow();
                    synchronized (handedOut) {
                        for (Future<?> f : handedOut) {
                            if (!f.isDone()) {
                                f.cancel(false);
                            }
                        }
                    }
                    return queued;
                }
            };
        }
    }

    /**
     * Waits on a loop's futures by polling {@code isDone()}, never asking the reference: a wait
     * on the loop from its own thread then blocks for ever instead of failing at once, as in an
     * implementation without the check. {@code invokeAll} and {@code invokeAny} submit and wait
     * the same way. Breaks rule 5.9.
     */
    public static final class SelfWaitNotDetected extends LoopBreakingProvider {
        @Override
        protected ForwardingLoop wrapLoop(ForwardingCoordinator coordinator, BackgroundLoop loop) {
            return new ForwardingLoop(coordinator, loop) {
                public <T> Future<T> submit(Callable<T> task) {
                    return new PollingFuture<>(delegate.submit(task)).self();
                }

                public <T> List<Future<T>> invokeAll(java.util.Collection<? extends Callable<T>> tasks)
                        throws InterruptedException {
                    return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                }

                public <T> List<Future<T>> invokeAll(java.util.Collection<? extends Callable<T>> tasks, long timeout,
                                                     TimeUnit unit) throws InterruptedException {
                    List<Future<T>> out = new ArrayList<>();
                    for (Callable<T> t : tasks) {
                        out.add(submit(t));
                    }
                    long end = deadline(timeout, unit);
                    for (Future<T> f : out) {
                        if (!PollingFuture.awaitDone(f, end)) {
                            out.forEach(x -> x.cancel(true));
                            break;
                        }
                    }
                    return out;
                }

                public <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks)
                        throws InterruptedException, java.util.concurrent.ExecutionException {
                    try {
                        return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new IllegalStateException(e);
                    }
                }

                public <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                        throws InterruptedException, java.util.concurrent.ExecutionException,
                        java.util.concurrent.TimeoutException {
                    List<Future<T>> all = invokeAll(tasks, timeout, unit);
                    for (Future<T> f : all) {
                        if (f.isDone() && !f.isCancelled()) {
                            return f.get();
                        }
                    }
                    throw new java.util.concurrent.TimeoutException("no task completed");
                }
            };
        }

        private static long deadline(long timeout, TimeUnit unit) {
            long nanos = unit.toNanos(timeout);
            return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        }

        /** A future whose waits poll {@code isDone()} of the reference's future. */
        private static final class PollingFuture<T> extends Forwarding<Future<T>> {

            PollingFuture(Future<T> delegate) {
                super(Future.class, delegate);
            }

            static boolean awaitDone(Future<?> f, long deadline) throws InterruptedException {
                while (!f.isDone()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (deadline != Long.MAX_VALUE && System.nanoTime() >= deadline) {
                        return false;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                }
                return true;
            }

            public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
                awaitDone(delegate, Long.MAX_VALUE);
                return delegate.get();
            }

            public T get(long timeout, TimeUnit unit)
                    throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
                if (!awaitDone(delegate, deadline(timeout, unit))) {
                    throw new java.util.concurrent.TimeoutException();
                }
                return delegate.get();
            }
        }
    }

    /**
     * Hands out a completion that is done as soon as the coordinator's own threads have ended,
     * ignoring its attached children: breaks rule 2.7 (the parent's completion waits for every
     * attached child's completion).
     */
    public static final class CompletionIgnoresChildren extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                private ShutdownCompletion view;

                private boolean ownThreadsEnded() {
                    return delegate.phase() != CoordinatorPhase.OPEN && delegate.liveThreads().isEmpty();
                }

                private List<TerminableThread> ownLiveThreads() {
                    return delegate.liveThreads();
                }

                public synchronized ShutdownCompletion shutdown() {
                    ShutdownCompletion real = delegate.shutdown();
                    if (view == null) {
                        long start = System.nanoTime();
                        view = new ForwardingCompletion(real) {
                            public boolean isDone() {
                                return real.isDone() || ownThreadsEnded();
                            }

                            public ShutdownReport await(Duration deadline) throws InterruptedException {
                                long end = System.nanoTime() + deadline.toNanos();
                                long left;
                                while (!isDone() && (left = end - System.nanoTime()) > 0) {
                                    List<TerminableThread> live = ownLiveThreads();
                                    if (live.isEmpty() || live.get(0).join(Duration.ofNanos(left))) {
                                        Thread.onSpinWait(); // ended, and about to be forgotten
                                    }
                                }
                                if (real.isDone() || !isDone()) {
                                    return real.await(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
                                }
                                return new ShutdownReport(real.trigger(), true, Duration.ofNanos(System.nanoTime() - start),
                                        List.of(), List.of(), List.of());
                            }
                        }.self();
                    }
                    return view;
                }
            };
        }
    }

    /**
     * Makes the coordinator the owner of every thread it starts, and keeps itself out of reach of
     * its threads' callbacks, so that its threads are terminated once the application drops its
     * last reference to it although they are still running: breaks rule 2.5 (clause 2.5.e, a
     * coordinator stays fully functional while any of its threads is live).
     */
    public static final class TerminatedWhenUnreferenced extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    java.lang.ref.WeakReference<ForwardingCoordinator> weakThis = new java.lang.ref.WeakReference<>(this);
                    return inner -> {
                        ForwardingCoordinator coordinator = weakThis.get();
                        callback.onTerminate(coordinator == null ? inner : coordinator.wrap(inner, null, null));
                    };
                }

                @Override
                public TerminableThreadBuilder threadBuilder() {
                    return super.threadBuilder().owner(self());
                }
            };
        }
    }

    /**
     * Clears the interrupt status on the underlying thread before running the body, as a pool
     * worker does before its first task, while the callback may already run: the default
     * {@code Thread.interrupt()} of a request that lands in between is lost. Breaks rule 1.1
     * (clause 1.1.c).
     */
    public static final class InterruptClearedBeforeBody extends ForwardingProvider {
        @Override
        protected Runnable wrapBody(Runnable body) {
            return () -> {
                Thread.interrupted(); // the worker's "fresh task" reset
                body.run();
            };
        }
    }

    /**
     * Reads the pending request at the beginning of {@code start()}, before it registers and
     * starts the thread, and acts on what it read afterwards: a {@code terminate()} that lands
     * in between is stored as pending, answered {@code true}, and never acted on. Breaks rule 1.4
     * (clause 1.4.d) only when the two calls race.
     */
    public static final class RequestLostWhenRacingStart extends ThreadBreakingProvider {
        @Override
        protected ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner, Runnable body,
                                             TerminationCallback callback) {
            return new RequestRecordingThread(coordinator, inner, body, callback) {
                private volatile boolean registered;
                private volatile boolean pending;

                public void start() {
                    boolean request = pending; // read too early
                    delegate.start();
                    registered = true;
                    if (request) {
                        delegate.terminate();
                    }
                }

                public boolean terminate() {
                    if (!requested.compareAndSet(false, true)) {
                        return false;
                    }
                    if (!registered) {
                        pending = true; // lost if start() has already read it
                        return true;
                    }
                    return delegate.terminate();
                }
            };
        }
    }

    /**
     * Accepts every request for a started thread until its callback has started, and invokes the
     * callback once per accepted request: two requests that land before the callback starts
     * (for example while the terminator is busy with another thread's callback) are both
     * accepted. Breaks rules 1.2 and 1.3 (clauses 1.2.a, 1.3.b).
     */
    public static final class AcceptedUntilCallbackStarts extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new CallbackTrackingCoordinator(c) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        public boolean terminate() {
                            boolean accepted = delegate.terminate();
                            if (accepted || this.callback == null || delegate.state() != ThreadState.RUNNING
                                    || callbackStarted(delegate.name())) {
                                return accepted;
                            }
                            // "not yet handled": accept again and dispatch another invocation
                            invokeCallbackOnNewThread();
                            return true;
                        }
                    };
                }
            };
        }
    }

    /**
     * Accepts a request with a plain read and a later write of the "requested" flag instead of
     * one atomic step: two concurrent {@code terminate()} calls may both pass the check, both
     * return {@code true} and both invoke the callback. Breaks rules 1.2 and 1.3 (clauses 1.2.a,
     * 1.3.b) only when the calls race.
     */
    public static final class TerminateCheckThenAct extends ThreadBreakingProvider {
        @Override
        protected ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner, Runnable body,
                                             TerminationCallback callback) {
            return new RequestRecordingThread(coordinator, inner, body, callback) {
                public boolean terminate() {
                    if (requested.get() || delegate.state() == ThreadState.ENDED) {
                        return false;
                    }
                    requested.set(true); // not atomic with the check above
                    if (!delegate.terminate() && this.callback != null) {
                        invokeCallbackOnNewThread();
                    }
                    return true;
                }
            };
        }
    }

    /**
     * Ignores the owner given to a thread builder: a thread whose owner became unreachable keeps
     * running. Breaks rule 2.6.
     */
    public static final class OwnerIgnored extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                public TerminableThreadBuilder threadBuilder() {
                    return new ForwardingThreadBuilder(this, delegate.threadBuilder()) {
                        public TerminableThreadBuilder owner(Object owner) {
                            if (owner == null) {
                                throw new NullPointerException("owner must not be null");
                            }
                            return self(); // dropped
                        }
                    }.self();
                }
            };
        }
    }

    /**
     * Hands out a completion that reports done as soon as the shutdown has begun and every live
     * thread has been asked to terminate, without waiting for them to end. Breaks rule 3.7.
     */
    public static final class CompletionBeforeThreadsEnd extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                public ShutdownCompletion shutdown() {
                    TerminationCoordinator reference = delegate;
                    return new ForwardingCompletion(reference.shutdown()) {
                        public boolean isDone() {
                            return delegate.isDone() || reference.liveThreads().stream()
                                    .allMatch(TerminableThread::isTerminationRequested);
                        }
                    }.self();
                }
            };
        }
    }

    /**
     * Never tells listeners about the last phase change, to {@code TERMINATED}. Breaks rule 8.1.
     */
    public static final class ListenersMissTheEnd extends ListenerBreakingProvider {
        @Override
        protected Forwarding<TerminationListener> wrapListener(TerminationListener l) {
            return new Forwarding<TerminationListener>(TerminationListener.class, l) {
                public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                    if (to != CoordinatorPhase.TERMINATED) {
                        l.phaseChanged(from, to, trigger);
                    }
                }
            };
        }
    }

    /**
     * Tells each listener of an overrun on a thread of its own and returns to the terminator at
     * once, so a listener that blocks while told of an overrun is never bounded nor reported with
     * {@code TERMINABLE-LISTENER-FAILED}. Breaks clause 8.1.c.
     */
    public static final class OverrunDeliveryUnbounded extends ListenerBreakingProvider {
        @Override
        protected Forwarding<TerminationListener> wrapListener(TerminationListener l) {
            return new Forwarding<TerminationListener>(TerminationListener.class, l) {
                public void overran(String threadName, Duration bound) {
                    Daemons.start("broken-overrun-delivery", () -> l.overran(threadName, bound));
                }
            };
        }
    }

    /**
     * The JVM-wide coordinator, with a watcher of its own that begins the shutdown as soon as
     * {@code main} has ended, even while a plain non-daemon thread still runs. Breaks rule 4.4
     * (run in the TCK's child JVMs).
     */
    public static final class QuiescenceIgnoresBlockers extends GlobalBreakingProvider {
        @Override
        protected ForwardingCoordinator wrapGlobal(TerminationCoordinator reference) {
            ForwardingCoordinator global = wrap(reference);
            Thread main = Thread.currentThread();
            Daemons.start("broken-quiescence-watcher", () -> {
                try {
                    main.join();
                } catch (InterruptedException e) {
                    return;
                }
                global.self().shutdown();
            });
            return global;
        }
    }

    /**
     * The JVM-wide coordinator, with a shutdown hook of its own that invokes the callbacks of the
     * live threads itself, newest first, on the hook's thread (each callback still only once).
     * Breaks rule 4.6 (clause 4.6.c; run in the TCK's child JVMs).
     */
    public static final class CallbacksOnTheHookThread extends GlobalBreakingProvider {
        @Override
        protected ForwardingCoordinator wrapGlobal(TerminationCoordinator reference) {
            Map<String, AtomicBoolean> invoked = new ConcurrentHashMap<>();
            List<ForwardingThread> handles = new java.util.concurrent.CopyOnWriteArrayList<>();
            ForwardingCoordinator g = new ForwardingCoordinator(reference) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    ForwardingThread w = super.newThread(inner, body, callback);
                    handles.add(w);
                    return w;
                }

                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    TerminationCallback inner = super.wrapCallback(callback);
                    return t -> {
                        if (invoked.computeIfAbsent(t.name(), k -> new AtomicBoolean()).compareAndSet(false, true)) {
                            inner.onTerminate(t);
                        }
                    };
                }
            };
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                List<ForwardingThread> live = new ArrayList<>(handles);
                java.util.Collections.reverse(live);
                for (ForwardingThread w : live) {
                    TerminableThread handle = w.self();
                    if (w.callback != null && handle.state() == ThreadState.RUNNING
                            && invoked.computeIfAbsent(handle.name(), k -> new AtomicBoolean()).compareAndSet(false, true)) {
                        try {
                            w.callback.onTerminate(handle);
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    }
                }
            }, "broken-callback-hook"));
            return g;
        }
    }

    /**
     * Catches what a body throws and drops it, so the thread ends as if the body had returned
     * and the underlying thread's uncaught-exception handler never hears of it. Breaks rule 1.1
     * (clause 1.1.i).
     */
    public static final class BodyFailureSwallowed extends ForwardingProvider {
        @Override
        protected Runnable wrapBody(Runnable body) {
            return () -> {
                try {
                    body.run();
                } catch (RuntimeException | Error dropped) {
                    // as an implementation that runs bodies as pool tasks and ignores their outcome
                }
            };
        }
    }

    /**
     * Converts a {@code join} timeout to nanoseconds without saturating: a timeout beyond
     * {@code Long.MAX_VALUE} nanoseconds becomes no wait at all, and {@code join} answers
     * {@code false} at once; any other timeout goes to the reference. Breaks rule 2.2 (clause
     * 2.2.f).
     */
    public static final class JoinTimeoutOverflows extends ThreadBreakingProvider {
        @Override
        protected ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner, Runnable body,
                                             TerminationCallback callback) {
            return new ForwardingThread(coordinator, inner, body, callback) {
                public boolean join(Duration timeout) throws InterruptedException {
                    if (tooLongForNanos(timeout)) {
                        return false; // the overflow read as "do not wait"
                    }
                    return delegate.join(timeout);
                }
            };
        }
    }

    /** Whether {@code d} is too long to count in nanoseconds, where the two overflow breaks read "do not wait". */
    private static boolean tooLongForNanos(Duration d) {
        if (d == null) {
            return false; // left to the real implementation, which rejects it
        }
        try {
            d.toNanos();
            return false;
        } catch (ArithmeticException overflow) {
            return true;
        }
    }

    /**
     * Reads an {@code await} deadline too long to count in nanoseconds as "do not wait": such an
     * await returns an incomplete report at once instead of waiting for the shutdown. Breaks
     * rule 3.8 (clause 3.8.a).
     */
    public static final class AwaitDeadlineOverflows extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                public ShutdownCompletion shutdown() {
                    return new ForwardingCompletion(delegate.shutdown()) {
                        public ShutdownReport await(Duration deadline) throws InterruptedException {
                            if (tooLongForNanos(deadline)) {
                                return delegate.await(Duration.ofNanos(1)); // the overflow read as "do not wait"
                            }
                            return delegate.await(deadline);
                        }
                    }.self();
                }
            };
        }
    }

    /**
     * Answers a {@code start()} whose underlying {@code Thread.start()} failed with
     * {@code OutOfMemoryError} as if it had succeeded: the caller never learns that its thread does
     * not run. Breaks rule 1.1 (clause 1.1.f).
     */
    public static final class StartFailureSwallowed extends ThreadBreakingProvider {
        @Override
        protected ForwardingThread newThread(ForwardingCoordinator coordinator, TerminableThread inner, Runnable body,
                                             TerminationCallback callback) {
            return new ForwardingThread(coordinator, inner, body, callback) {
                public void start() {
                    try {
                        delegate.start();
                    } catch (OutOfMemoryError cannotStart) {
                        // reported as started
                    }
                }
            };
        }
    }
}
