package io.github.terminable.reference;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
     */

    private final ReferenceCoordinator coordinator;
    private final String name;
    private final TerminationCallback callback;
    private final Thread thread;

    /** NEW -> RUNNING -> ENDED; written under the coordinator's lock (release: volatile write). */
    volatile ThreadState state = ThreadState.NEW;
    /** false -> true; written under the coordinator's lock (release: volatile write). */
    volatile boolean requested;
    /** This thread's registration while RUNNING; guarded by the coordinator's lock. */
    Registry.Node<ReferenceTerminableThread> registration;
    /** The owner's cleaner registration until the thread ends; guarded by the coordinator's lock. */
    Cleaner.Cleanable ownerTracking;

    /**
     * Creates an unstarted thread.
     *
     * @param coordinator its coordinator
     * @param name its name
     * @param callback its termination callback
     * @param virtual whether to create a virtual thread (the caller checked support)
     * @param body what it runs
     */
    ReferenceTerminableThread(ReferenceCoordinator coordinator, String name, TerminationCallback callback,
                              boolean virtual, Runnable body) {
        this.coordinator = coordinator;
        this.name = name;
        this.callback = callback;
        Runnable wrapped = () -> {
            try {
                body.run();
            } finally {
                coordinator.threadEnded(this);
            }
        };
        if (virtual) {
            this.thread = VirtualThreads.newUnstarted(name, wrapped);
        } else {
            Thread t = new Thread(null, wrapped, name, 0, true);
            t.setDaemon(false); // rule 1.9, even when created by a daemon thread
            this.thread = t;
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
        long nanos = Durations.toNanosSaturated(Durations.requirePositive("timeout", timeout));
        if (state == ThreadState.NEW) {
            return false;
        }
        TimeUnit.NANOSECONDS.timedJoin(thread, nanos);
        return state == ThreadState.ENDED;
    }

    @Override
    public String toString() {
        return "TerminableThread[" + name + ", " + state + (requested ? ", termination requested" : "") + "]";
    }
}
