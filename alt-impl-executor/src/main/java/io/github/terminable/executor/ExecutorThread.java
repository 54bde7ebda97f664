package io.github.terminable.executor;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A terminable thread whose {@link Thread} is the single worker of its own
 * {@link SingleWorkerPool} (rules 1.1 to 1.10).
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread, including the thread
 * itself and a termination callback. {@link #terminate()} never blocks and never runs the
 * callback on the caller (rules 1.2 and 1.8).
 *
 * <p><b>Memory consistency.</b> Actions before {@link #terminate()} <i>happen-before</i> the
 * callback it causes (the request travels through the coordinator's executor queue). Actions of
 * the body <i>happen-before</i> {@link #join(Duration)} returning {@code true} and
 * {@link #state()} returning {@link ThreadState#ENDED}.
 */
final class ExecutorThread implements TerminableThread {

    /*
     * Overview.
     *
     * All per-thread state lives in one int, ctl, so that "was the request the first one?",
     * "has the thread ended?" and "who dispatches the callback?" are decided by a single CAS and
     * can never disagree.
     *
     *   bits 0-1  lifecycle   NEW -> STARTING -> RUNNING -> ENDED
     *                         STARTING -> NEW          (registration rejected, rule 2.3)
     *                         STARTING -> ENDED        (the worker thread could not be started)
     *   bit  2    REQUESTED   set once by the first accepted request (terminate, shutdown, owner)
     *   bit  3    DISPATCHED  set once by whoever hands the callback to the coordinator
     *
     * DISPATCHED is only ever set together with, or after, REQUESTED, and only while the
     * lifecycle is RUNNING or later: a request made before start() stays pending until start()
     * has registered the thread (rule 1.4), and then exactly one of terminate() / start() /
     * the shutdown snapshot wins the CAS that sets DISPATCHED (rule 1.2).
     *
     * STARTING -> RUNNING happens inside the coordinator's registration lock (markRegistered),
     * so a shutdown snapshot only ever sees RUNNING or ENDED threads.
     *
     * Memory ordering: every transition is a CAS on an AtomicInteger (volatile semantics). The
     * transition to ENDED is made by the terminable thread itself after its last action, then
     * the ended latch is released; readers of state() or join() therefore see the body's writes.
     */
    private static final int NEW = 0;
    private static final int STARTING = 1;
    private static final int RUNNING = 2;
    private static final int ENDED = 3;
    private static final int LIFECYCLE = 3;
    private static final int REQUESTED = 4;
    private static final int DISPATCHED = 8;

    private final AtomicInteger ctl = new AtomicInteger(NEW);
    private final ExecutorCoordinator coordinator;
    private final String name;
    private final TerminationCallback callback;
    private final WorkerPlan plan;
    private final PrebuiltThreadFactory factory;
    private final SingleWorkerPool pool;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Watches the owner, if any (rule 2.6); cleaned when the thread ends. Final, so safely published. */
    private final Cleaner.Cleanable ownerWatch;

    /**
     * Creates a thread in state {@link ThreadState#NEW}.
     *
     * @param coordinator the coordinator it registers with on start
     * @param name its name
     * @param virtual whether its {@link Thread} is virtual
     * @param callback its termination callback
     * @param plan what its worker does
     * @param owner its owner, or {@code null} if it has none
     */
    ExecutorThread(ExecutorCoordinator coordinator, String name, boolean virtual, TerminationCallback callback,
                   WorkerPlan plan, OwnerReference owner) {
        this.coordinator = coordinator;
        this.name = name;
        this.callback = callback;
        this.plan = plan;
        this.factory = new PrebuiltThreadFactory(name, virtual, this::workerExited);
        this.pool = new SingleWorkerPool(factory, plan);
        Object o = owner == null ? null : owner.get();
        this.ownerWatch = o == null ? null : OwnerWatch.watch(o, this);
        if (owner != null && o == null) {
            // The owner became unreachable before the thread was even created: the same as a
            // request made before start() (rule 2.6 and 1.4).
            request();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Thread thread() {
        return factory.thread();
    }

    @Override
    public TerminationCoordinator coordinator() {
        return coordinator;
    }

    /** Returns the pool whose single worker is this thread. */
    SingleWorkerPool pool() {
        return pool;
    }

    @Override
    public void start() {
        int c;
        do {
            c = ctl.get();
            if ((c & LIFECYCLE) != NEW) {
                throw new IllegalStateException("terminable thread '" + name + "' was already started (state "
                        + state() + ")");
            }
        } while (!ctl.compareAndSet(c, (c & ~LIFECYCLE) | STARTING));
        try {
            coordinator.register(this); // calls markRegistered() under the registration lock
        } catch (RuntimeException | Error rejected) {
            // STARTING -> NEW, keeping a pending request (rule 2.3: the thread stays NEW).
            ctl.getAndUpdate(v -> (v & ~LIFECYCLE) | NEW);
            throw rejected;
        }
        try {
            plan.launch(pool);
        } catch (RuntimeException | Error cannotStart) {
            // The worker thread could not be started (for example, no memory for a native
            // thread). The thread is registered, so it must also be forgotten, or shutdown
            // would wait for it forever.
            pool.releaseWaiters();
            markEnded();
            throw cannotStart;
        }
        dispatchIfDue(); // a request made before start() (rule 1.4)
    }

    /**
     * Moves {@code STARTING -> RUNNING}. Called by the coordinator while it holds its registration
     * lock, so that registration and the visible lifecycle change together (rule 2.4).
     */
    void markRegistered() {
        ctl.getAndUpdate(v -> (v & ~LIFECYCLE) | RUNNING);
    }

    @Override
    public boolean terminate() {
        return request() != 0;
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
            int c = ctl.get();
            if ((c & LIFECYCLE) != RUNNING || (c & REQUESTED) != 0) {
                return false;
            }
            if (ctl.compareAndSet(c, c | REQUESTED | DISPATCHED)) {
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
            int c = ctl.get();
            if ((c & LIFECYCLE) == ENDED || (c & REQUESTED) != 0) {
                return 0; // rule 1.3 (not the first request) and rule 1.5 (ended: no-op)
            }
            int next = c | REQUESTED;
            if ((c & LIFECYCLE) == RUNNING) {
                next |= DISPATCHED;
            }
            if (ctl.compareAndSet(c, next)) {
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
            int c = ctl.get();
            if ((c & REQUESTED) == 0 || (c & DISPATCHED) != 0) {
                return;
            }
            if (ctl.compareAndSet(c, c | DISPATCHED)) {
                coordinator.dispatch(this);
                return;
            }
        }
    }

    /**
     * Invokes the termination callback; called on the coordinator's terminator thread only.
     * Waits first until the body is running, so an interrupt cannot be swallowed by the pool's
     * start-up (see {@link SingleWorkerPool}).
     *
     * @throws Exception whatever the callback throws
     */
    void invokeCallback() throws Exception {
        pool.awaitFirstTask();
        callback.onTerminate(this);
    }

    @Override
    public boolean isTerminationRequested() {
        return (ctl.get() & REQUESTED) != 0;
    }

    @Override
    public ThreadState state() {
        switch (ctl.get() & LIFECYCLE) {
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
        if ((ctl.get() & LIFECYCLE) == NEW) {
            return false; // never started: nothing to wait for
        }
        return ended.await(Arguments.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the thread to end, in the units of {@link java.util.concurrent.ExecutorService}.
     *
     * @param nanos how long to wait
     * @return whether it ended
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitEnded(long nanos) throws InterruptedException {
        return ended.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The trampoline's exit action: runs on this thread after its worker returned or threw. */
    private void workerExited() {
        try {
            plan.afterWorkerExit();
        } finally {
            markEnded();
        }
    }

    /**
     * Moves the lifecycle to ENDED, then forgets the thread (rule 2.2).
     *
     * <p>Memory ordering: the CAS to ENDED and the deregistration (under the registration lock)
     * precede the latch release, so join() returning true implies both are visible. If this was
     * the last thread of a shutdown, the thread then stays alive until the shutdown has completed
     * (see {@link ExecutorCoordinator#holdUntilComplete(boolean)}).
     */
    private void markEnded() {
        ctl.getAndUpdate(v -> (v & ~LIFECYCLE) | ENDED);
        ExecutorCoordinator.AfterEnd next = coordinator.deregister(this);
        ended.countDown(); // after deregistration: join() returning true means forgotten too
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
