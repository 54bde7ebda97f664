package io.github.terminable.reference;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A terminable thread of the reference implementation (section 1).
 *
 * <p>It wraps one {@link Thread} (platform and non-daemon, rule 1.9, or virtual, rule 6.1) whose
 * body is followed, in a {@code finally}, by deregistration from the coordinator, so a thread
 * that ends is forgotten at once (rule 2.2). {@link #start()}, {@link #terminate()} and the end of
 * the body are state transitions carried out by the {@link ReferenceCoordinator} under its lock.
 *
 * <p><b>Thread-safety.</b> Every method is safe from any thread, including this thread itself and
 * a termination callback. {@link #terminate()} takes the coordinator's lock only for a few field
 * writes and never waits for the callback (rule 1.2).
 *
 * <p><b>Memory consistency.</b> Actions prior to {@link #terminate()} <i>happen-before</i> the
 * callback it causes (the request and the callback's hand-off go through the coordinator's and
 * the terminator's locks). Actions of the body <i>happen-before</i> {@link #state()} returning
 * {@link ThreadState#ENDED} and {@link #join} returning {@code true} (the volatile write of
 * {@code ENDED} follows the body in the same thread).
 */
final class ReferenceTerminableThread implements TerminableThread {

    /*
     * Overview: the per-thread state machine.
     *
     *   state:     NEW --start()--> RUNNING --body returned or threw--> ENDED
     *   requested: false --terminate(), shutdown or unreachable owner--> true
     *
     * Both fields are written only with the coordinator's lock held, and are volatile so that
     * state() and isTerminationRequested() can read them without the lock. A request is
     * accepted by the first locked transition that finds (!requested && state != ENDED): a
     * terminate() call, the owner's cleaning action, or this thread's turn in a terminate phase
     * (rule 3.2). Its callback is then invoked exactly once: at once for a turn; otherwise
     * dispatched to the request terminator by terminate() on a RUNNING thread, or by start() on
     * a thread requested while NEW (rule 1.4). A request on an ENDED thread is refused (rule
     * 1.5). Once dispatched, the callback is invoked even if the thread ends meanwhile, so every
     * accepted request of a started thread is matched by exactly one callback (rule 1.2).
     *
     * The end signal (rules 3.2 and 3.11). A terminate-phase turn waits for the thread to end
     * without polling and without any per-thread object: the turn's worker publishes itself in
     * `endWaiter` (volatile write), then re-reads `state` (volatile read) and parks until ENDED
     * or its deadline. threadEnded writes ENDED (volatile write) and then reads `endWaiter`
     * (volatile read) and unparks it. Volatile accesses are sequentially consistent, so at least
     * one side sees the other's write: either the waiter sees ENDED and does not park, or the
     * ending thread sees the waiter and unparks it. A stale `endWaiter` only costs a spurious
     * unpark, which every park in this implementation tolerates (they all re-check in a loop).
     *
     * current() (rule 1.11): a platform terminable thread runs on a HandleThread, a Thread
     * subclass that carries its handle, so the lookup is one instanceof and a field read, with
     * nothing allocated at start. A virtual thread cannot be subclassed: its body sets
     * VIRTUAL_CURRENT first (a thread-local of that virtual thread only).
     */

    /** takeTurn: the thread has ended; the turn ends at once. */
    static final int TURN_SKIP = 0;
    /** takeTurn: requested before its turn (rule 3.6): no callback; awaited unless opted out. */
    static final int TURN_ALREADY_REQUESTED = 1;
    /** takeTurn: the request was made now; the callback must be invoked. */
    static final int TURN_INVOKE = 2;

    /** The handle of the virtual terminable thread running, set at the start of its body. */
    private static final ThreadLocal<ReferenceTerminableThread> VIRTUAL_CURRENT = new ThreadLocal<>();

    /** A platform terminable thread: a plain thread that also knows its handle (rule 1.11). */
    static final class HandleThread extends Thread {
        final ReferenceTerminableThread handle;

        HandleThread(ReferenceTerminableThread handle, Runnable body, String name) {
            super(null, body, name, 0, true);
            this.handle = handle;
        }

        /**
         * Runs the body, then ends the terminable thread ({@code RUNNING -> ENDED}). An override
         * rather than a wrapping lambda, which would spin a hidden class when the first terminable
         * thread is created (benchmarks/RESULTS.md, row 5).
         */
        @Override
        public void run() {
            try {
                super.run(); // the body
            } finally {
                handle.coordinator.threadEnded(handle);
            }
        }
    }

    private final ReferenceCoordinator coordinator;
    private final String name;
    private final TerminationCallback callback;
    private final Thread thread;
    /** Whether its turn in the terminate phase waits for it to end (rule 3.11). */
    private final boolean awaitedInTurn;

    /**
     * Written only under the coordinator's lock (release: volatile write); read without it.
     *   NEW --start(): registered, then Thread.start() (ReferenceCoordinator.start)--> RUNNING
     *   RUNNING --Thread.start() threw: registration undone (same call)--> NEW
     *   RUNNING --body returned or threw, on this thread (ReferenceCoordinator.threadEnded)--> ENDED
     * NEW -> ENDED never happens: a thread never started stays NEW.
     */
    volatile ThreadState state = ThreadState.NEW;
    /**
     * Written only under the coordinator's lock (release: volatile write); read without it.
     *   false --first accepted request while not ENDED: terminate() or the owner's cleaning action
     *           (ReferenceCoordinator.requestTermination), or this thread's turn (takeTurn)--> true
     * Never reset.
     */
    volatile boolean requested;
    /**
     * Guarded by the coordinator's lock.
     *   null --start() (ReferenceCoordinator.start)--> node --threadEnded--> null
     */
    Registry.Node<Object> registration;
    /**
     * Guarded by the coordinator's lock.
     *   null --newThread with an owner still reachable--> cleanable --threadEnded (then clean())--> null
     */
    Cleaner.Cleanable ownerTracking;
    /**
     * The end signal (see Overview). Volatile.
     *   null --a turn's awaitEnd publishes its worker--> worker --awaitEnd returns--> null
     * Read by signalEnd on this thread right after ENDED is written.
     */
    private volatile Thread endWaiter;

    /**
     * Creates an unstarted thread.
     *
     * @param coordinator its coordinator
     * @param name its name
     * @param callback its termination callback
     * @param virtual whether to create a virtual thread (the caller checked support)
     * @param awaitedInTurn whether its terminate-phase turn waits for it to end (rule 3.11)
     * @param body what it runs
     */
    ReferenceTerminableThread(ReferenceCoordinator coordinator, String name, TerminationCallback callback,
                              boolean virtual, boolean awaitedInTurn, Runnable body) {
        this.coordinator = coordinator;
        this.name = name;
        this.callback = callback;
        this.awaitedInTurn = awaitedInTurn;
        if (virtual) {
            this.thread = VirtualThreads.newUnstarted(name, () -> {
                VIRTUAL_CURRENT.set(this);
                try {
                    body.run();
                } finally {
                    coordinator.threadEnded(this);
                }
            });
        } else {
            Thread t = new HandleThread(this, body, name);
            t.setDaemon(false); // rule 1.9, even when created by a daemon thread
            this.thread = t;
        }
    }

    /**
     * Returns the terminable thread the caller runs on (rule 1.11).
     *
     * @return its handle, or empty on any other thread
     */
    static Optional<io.github.terminable.TerminableThread> current() {
        Thread t = Thread.currentThread();
        if (t instanceof HandleThread h) {
            return Optional.of(h.handle);
        }
        return Optional.ofNullable(VIRTUAL_CURRENT.get());
    }

    /**
     * This thread's turn in a terminate phase has come: makes the request now, under the
     * coordinator's lock, unless the thread has ended or was requested before (rules 3.2 and
     * 3.6). Called by the turn's {@link CallbackJob}.
     *
     * @return {@link #TURN_SKIP}, {@link #TURN_ALREADY_REQUESTED} or {@link #TURN_INVOKE}
     */
    int takeTurn() {
        return coordinator.takeTurn(this);
    }

    /** Returns whether the thread has ended (a volatile read). */
    boolean hasEnded() {
        return state == ThreadState.ENDED;
    }

    /** Returns whether its turn waits for it to end (rule 3.11). */
    boolean awaitedInTurn() {
        return awaitedInTurn;
    }

    /**
     * Waits until this thread has ENDED or {@code deadlineNanos} (a {@link System#nanoTime()}
     * value) has passed, whichever is first; used by a terminate-phase turn (rule 3.2). Parks on
     * the end signal (see Overview); one waiter at a time (the phase terminator runs one turn at
     * a time). An interrupt of the waiting worker is ignored: the deadline bounds the wait.
     *
     * @param deadlineNanos when to give up
     * @return whether the thread has ended
     */
    boolean awaitEnd(long deadlineNanos) {
        if (state == ThreadState.ENDED) {
            return true;
        }
        endWaiter = Thread.currentThread();
        try {
            while (state != ThreadState.ENDED) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                Thread.interrupted(); // a pending interrupt would make park return at once: a spin
                LockSupport.parkNanos(this, remaining);
            }
            return true;
        } finally {
            endWaiter = null;
        }
    }

    /** Wakes the turn waiting for this thread; called by its own thread right after ENDED is written. */
    void signalEnd() {
        Thread waiter = endWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public TerminationCoordinator coordinator() {
        return coordinator;
    }

    /** Returns the callback; called by {@link CallbackJob}. */
    TerminationCallback callback() {
        return callback;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rules 1.1, 1.4, 2.1, 2.3 and 2.4.
     */
    @Override
    public void start() {
        coordinator.start(this);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rules 1.2 to 1.6.
     */
    @Override
    public boolean terminate() {
        return coordinator.requestTermination(this);
    }

    @Override
    public boolean isTerminationRequested() {
        return requested;
    }

    @Override
    public ThreadState state() {
        return state;
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        long nanos = Arguments.toNanosSaturated(Arguments.requirePositive("timeout", timeout));
        if (state == ThreadState.NEW) {
            return false;
        }
        return coordinator.awaitEnded(this, nanos); // the end of the body, not of a held thread (rule 4.11)
    }

    @Override
    public String toString() {
        return "TerminableThread[" + name + ", " + state + (requested ? ", termination requested" : "") + "]";
    }
}
