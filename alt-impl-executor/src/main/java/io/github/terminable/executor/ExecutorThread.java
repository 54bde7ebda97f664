package io.github.terminable.executor;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.time.Duration;

/**
 * The life cycle shared by every terminable thread of this implementation (rules 1.1 to 1.10):
 * registration, termination requests, callback dispatch and the end of the body. How the
 * underlying {@link Thread} runs is left to a subclass: {@link FutureTaskThread} runs a plain
 * thread's body as a {@link java.util.concurrent.FutureTask}, {@link PooledThread} runs a
 * background loop's tasks and cleanups.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread, including the thread
 * itself and a termination callback. {@link #terminate()} never blocks and never runs the
 * callback on the caller (rules 1.2 and 1.8).
 *
 * <p><b>Memory consistency.</b> Actions before {@link #terminate()} <i>happen-before</i> the
 * callback it causes (the request travels through the coordinator's terminator queue). Actions of
 * the body <i>happen-before</i> {@link #join(Duration)} returning {@code true} and
 * {@link #state()} returning {@link ThreadState#ENDED}.
 */
abstract class ExecutorThread extends Unit implements TerminableThread {

    /*
     * Overview.
     *
     * All per-thread state lives in one int, ctl, so that "was the request the first one?",
     * "has the thread ended?" and "who dispatches the callback?" are decided by a single CAS and
     * can never disagree. It is a plain volatile field updated through a VarHandle: no Atomic*
     * object per thread: a live thread retains only what rule 2.2 allows, and the per-thread
     * footprint is measured in benchmarks/RESULTS.md, "Row 4 — memory").
     *
     *   bits 0-1  lifecycle   NEW -> STARTING -> RUNNING -> ENDED
     *                         STARTING -> NEW          (registration rejected, rule 2.3)
     *                         RUNNING -> ENDED         (also when the Thread could not be started)
     *   bit  2    REQUESTED   set once by the first accepted request (terminate, shutdown, owner)
     *   bit  3    DISPATCHED  set once by whoever hands the callback to the coordinator
     *   bit  4    LAUNCHED    set once by start() when its attempt to start the Thread is over
     *   bit  5    AWAITED     set by a callback that waits for LAUNCHED (see awaitLaunched)
     *
     * DISPATCHED is only ever set together with, or after, REQUESTED, and only while the
     * lifecycle is RUNNING or later: a request made before start() stays pending until start()
     * has registered the thread (rule 1.4), and then exactly one of terminate() / start() /
     * the shutdown snapshot wins the CAS that sets DISPATCHED (rule 1.2).
     *
     * STARTING -> RUNNING happens inside the coordinator's registration lock (markRegistered),
     * so a shutdown snapshot only ever sees RUNNING or ENDED threads. The Thread itself is
     * started after registration, outside the lock, so a callback can be dispatched before the
     * Thread has started; invokeCallback() therefore first waits for LAUNCHED (rule 1.1: a
     * Thread.interrupt() before Thread.start() need not have any effect). That wait is rare
     * (a request racing start()) and shares one JVM-wide lock and condition (LaunchGate): the
     * waiter sets AWAITED unless LAUNCHED is already set, and start() signals only when its
     * setting of LAUNCHED finds AWAITED; both bits live in ctl, so one of the two always sees
     * the other.
     *
     * Memory ordering: every transition is a volatile CAS (or getAndBitwiseOr) on ctl. The
     * transition to ENDED is made by the terminable thread itself after its body, and the
     * subclass releases the joiners only after it (bodyEnded() before its release); readers of
     * state() or join() therefore see the body's writes.
     */
    private static final int NEW = 0;
    private static final int STARTING = 1;
    private static final int RUNNING = 2;
    private static final int ENDED = 3;
    private static final int LIFECYCLE = 3;
    private static final int REQUESTED = 4;
    private static final int DISPATCHED = 8;
    private static final int LAUNCHED = 16;
    private static final int AWAITED = 32;

    private static final VarHandle CTL;

    static {
        try {
            CTL = MethodHandles.lookup().findVarHandle(ExecutorThread.class, "ctl", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See the overview; accessed through {@link #CTL} for updates. */
    private volatile int ctl;
    private final ExecutorCoordinator coordinator;
    private final String name;
    private final TerminationCallback callback;
    /** Watches the owner, if any (rule 2.6); cleaned when the thread ends. Final, so safely published. */
    private final Cleaner.Cleanable ownerWatch;
    /** Whether its terminate-phase turn waits for it to end (rules 3.2 and 3.11). */
    private final boolean awaitedInTurn;

    /**
     * Creates a thread in state {@link ThreadState#NEW}.
     *
     * @param coordinator the coordinator it registers with on start
     * @param name its name
     * @param callback its termination callback
     * @param owner its owner, or {@code null} if it has none
     * @param awaitedInTurn whether its terminate-phase turn waits for it to end (rule 3.11)
     */
    ExecutorThread(ExecutorCoordinator coordinator, String name, TerminationCallback callback, OwnerReference owner,
                   boolean awaitedInTurn) {
        this.coordinator = coordinator;
        this.name = name;
        this.callback = callback;
        this.awaitedInTurn = awaitedInTurn;
        Object o = owner == null ? null : owner.get();
        this.ownerWatch = o == null ? null : OwnerWatch.watch(o, this);
        if (owner != null && o == null) {
            // The owner became unreachable before the thread was even created: the same as a
            // request made before start() (rule 2.6 and 1.4).
            request();
        }
    }

    /**
     * Creates the unstarted underlying thread of a terminable thread: virtual, or a platform
     * thread that is non-daemon whoever creates it (rule 1.9).
     *
     * @param handle the terminable thread it carries, found again by {@link CurrentThread}
     * @param name its name
     * @param virtual whether it is virtual
     * @param target what it runs
     * @return the thread, in state {@link Thread.State#NEW}
     */
    static Thread newUnderlyingThread(ExecutorThread handle, String name, boolean virtual, Runnable target) {
        if (virtual) {
            return VirtualThreads.unstarted(name, target);
        }
        Thread platform = new CurrentThread.Carrier(handle, target, name);
        // A new thread inherits daemon status from its creator; terminable platform threads
        // are non-daemon whoever creates them (rule 1.9).
        platform.setDaemon(false);
        return platform;
    }

    // ---------------------------------------------------------------- what subclasses provide

    /**
     * Called by {@link #start()} when starting the underlying {@link #thread()} threw: releases
     * every waiter and ends the thread ({@link #bodyEnded()}, then {@link #afterEnded}), as if its
     * body had ended at once.
     */
    abstract void launchFailed();

    /**
     * Waits until the body has ended ({@link #bodyEnded()} has returned).
     *
     * @param nanos how long to wait
     * @return whether it ended
     * @throws InterruptedException if interrupted while waiting
     */
    abstract boolean awaitEnded(long nanos) throws InterruptedException;

    // ---------------------------------------------------------------- TerminableThread

    @Override
    public String name() {
        return name;
    }

    @Override
    public TerminationCoordinator coordinator() {
        return coordinator;
    }

    /** Returns where the outcomes of this thread's coordinator are reported (a loop's failed cleanup, rule 5.5). */
    Reporter reporter() {
        return coordinator.reporter();
    }

    @Override
    public void start() {
        int c;
        do {
            c = ctl;
            if ((c & LIFECYCLE) != NEW) {
                throw new IllegalStateException("terminable thread '" + name + "' was already started (state "
                        + state() + ")");
            }
        } while (!CTL.compareAndSet(this, c, (c & ~LIFECYCLE) | STARTING));
        try {
            coordinator.register(this); // calls markRegistered() under the registration lock
        } catch (RuntimeException | Error rejected) {
            // STARTING -> NEW, keeping a pending request (rule 2.3: the thread stays NEW).
            setLifecycle(NEW);
            throw rejected;
        }
        try {
            thread().start();
        } catch (RuntimeException | Error cannotStart) {
            // The Thread could not be started (for example, no memory for a native thread). The
            // thread is registered, so it must also be forgotten, or shutdown would wait for it
            // forever; a callback already waiting for the launch is let go (it acts on a thread
            // that never ran, which is harmless).
            launched();
            launchFailed();
            throw cannotStart;
        }
        launched();
        dispatchIfDue(); // a request made before start() (rule 1.4)
    }

    /**
     * Moves {@code STARTING -> RUNNING}. Called by the coordinator while it holds its registration
     * lock, so that registration and the visible lifecycle change together (rule 2.4).
     */
    void markRegistered() {
        setLifecycle(RUNNING);
    }

    private void setLifecycle(int lifecycle) {
        int c;
        do {
            c = ctl;
        } while (!CTL.compareAndSet(this, c, (c & ~LIFECYCLE) | lifecycle));
    }

    /** Sets LAUNCHED and wakes a callback waiting for it (see the overview). */
    private void launched() {
        int previous = (int) CTL.getAndBitwiseOr(this, LAUNCHED);
        if ((previous & AWAITED) != 0) {
            LaunchGate.signalAll();
        }
    }

    /** Waits until {@link #start()} has launched the Thread (or failed to). */
    private void awaitLaunched() throws InterruptedException {
        for (;;) {
            int c = ctl;
            if ((c & LAUNCHED) != 0) {
                return;
            }
            if ((c & AWAITED) != 0 || CTL.compareAndSet(this, c, c | AWAITED)) {
                break;
            }
        }
        LaunchGate.await(() -> (ctl & LAUNCHED) != 0);
    }

    @Override
    public boolean terminate() {
        return request() != 0;
    }

    /** Returns whether its terminate-phase turn waits for it to end (rule 3.11). */
    final boolean awaitedInTurn() {
        return awaitedInTurn;
    }

    @Override
    public final boolean hasEnded() {
        return (ctl & LIFECYCLE) == ENDED;
    }

    @Override
    public final boolean awaitEnd(long nanos) throws InterruptedException {
        return hasEnded() || (nanos > 0 && awaitEnded(nanos));
    }

    /**
     * Makes the shutdown's request for this thread (rule 3.2). Unlike {@link #terminate()} it
     * does not dispatch: the caller puts the thread in its ordered batch.
     *
     * @return whether this call made the first request and the callback must be invoked by the
     *     batch; {@code false} if termination was already requested (rule 3.6) or the thread ended
     */
    boolean requestForShutdown() {
        for (;;) {
            int c = ctl;
            if ((c & LIFECYCLE) != RUNNING || (c & REQUESTED) != 0) {
                return false;
            }
            if (CTL.compareAndSet(this, c, c | REQUESTED | DISPATCHED)) {
                return true;
            }
        }
    }

    /**
     * Records a request and dispatches the callback if the thread is running.
     *
     * @return 0 if the request was not the first or the thread had ended, else the new ctl value
     */
    private int request() {
        for (;;) {
            int c = ctl;
            if ((c & LIFECYCLE) == ENDED || (c & REQUESTED) != 0) {
                return 0; // rule 1.3 (not the first request) and rule 1.5 (ended: no-op)
            }
            int next = c | REQUESTED;
            if ((c & LIFECYCLE) == RUNNING) {
                next |= DISPATCHED;
            }
            if (CTL.compareAndSet(this, c, next)) {
                if ((next & DISPATCHED) != 0) {
                    coordinator.dispatch(this);
                }
                return next;
            }
        }
    }

    /** Dispatches a request that arrived before registration, unless someone already did. */
    private void dispatchIfDue() {
        for (;;) {
            int c = ctl;
            if ((c & REQUESTED) == 0 || (c & DISPATCHED) != 0) {
                return;
            }
            if (CTL.compareAndSet(this, c, c | DISPATCHED)) {
                coordinator.dispatch(this);
                return;
            }
        }
    }

    /**
     * Invokes the termination callback; called on a terminator thread only. Waits first until
     * the Thread has been started (rule 1.1): both subclasses run their body directly on a plain
     * {@link Thread}, which keeps an interrupt delivered after {@code Thread.start()}, so from
     * then on the body can no longer lose it.
     *
     * @throws Exception whatever the callback throws
     */
    void invokeCallback() throws Exception {
        awaitLaunched();
        callback.onTerminate(this);
    }

    @Override
    public boolean isTerminationRequested() {
        return (ctl & REQUESTED) != 0;
    }

    @Override
    public ThreadState state() {
        switch (ctl & LIFECYCLE) {
            case RUNNING:
                return ThreadState.RUNNING;
            case ENDED:
                return ThreadState.ENDED;
            default:
                return ThreadState.NEW; // STARTING is not yet registered, so still NEW
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        Arguments.positive(timeout, "timeout");
        if ((ctl & LIFECYCLE) == NEW) {
            return false; // never started: nothing to wait for
        }
        return awaitEnded(Arguments.saturatedNanos(timeout));
    }

    // ---------------------------------------------------------------- the end of the body

    /**
     * Moves the lifecycle to ENDED and forgets the thread (rule 2.2). Called once, by the
     * subclass, on the terminable thread after its body (or on the starter if the launch
     * failed), <em>before</em> it releases the joiners: so join() returning true implies ENDED
     * and the deregistration are both visible.
     *
     * @return what {@link #afterEnded} must do next
     */
    final ExecutorCoordinator.AfterEnd bodyEnded() {
        setLifecycle(ENDED);
        return coordinator.deregister(this);
    }

    /**
     * Finishes the end of the thread after the joiners were released: releases the owner
     * tracking, and if this was the last thread of a shutdown, stays alive until the shutdown
     * has completed (see {@link ExecutorCoordinator#holdUntilComplete(boolean)}).
     *
     * @param next what {@link #bodyEnded()} returned
     */
    final void afterEnded(ExecutorCoordinator.AfterEnd next) {
        if (ownerWatch != null) {
            ownerWatch.clean(); // the owner action sees ENDED and does nothing; the Cleaner forgets us
        }
        if (next != ExecutorCoordinator.AfterEnd.NOTHING) {
            coordinator.holdUntilComplete(next == ExecutorCoordinator.AfterEnd.FINISH);
        }
    }

    @Override
    public String toString() {
        return "TerminableThread[" + name + ", " + state() + (isTerminationRequested() ? ", termination requested" : "")
                + ", coordinator " + coordinator.name() + "]";
    }
}
