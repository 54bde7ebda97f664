package io.github.terminable.reference;

import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.CallbackFailure;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.ThreadState;
import io.github.terminable.UnfinishedThread;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A coordinator of the reference implementation: the registry of live terminable threads and
 * the shutdown state machine (sections 2 and 3). Used both for the JVM-wide coordinator (see
 * {@link GlobalCoordinatorHolder}) and for independent ones, which differ only in their triggers
 * (rule 2.5).
 *
 * <p><b>Thread-safety.</b> Every method is safe from any thread, including callbacks and
 * listeners (rule 3.9): the lock is held only for short bookkeeping, never while user code runs,
 * and never while waiting.
 *
 * <p><b>Memory consistency.</b> A successful {@code start()} and every termination request are
 * made under the lock, so actions prior to {@code start()} <i>happen-before</i> the thread
 * appears in {@link #liveThreads()}, and actions prior to {@link #shutdown()} or
 * {@code terminate()} <i>happen-before</i> the callbacks they cause (the jobs are handed to the
 * {@link Terminator} through its lock).
 */
final class ReferenceCoordinator implements TerminationCoordinator {

    /*
     * Overview: the phase state machine.
     *
     *   OPEN --beginShutdown(trigger)--> TERMINATING --finish()--> TERMINATED
     *
     * beginShutdown, under the lock: creates the one completion handle, writes
     * phase = TERMINATING, snapshots the registry newest first, and hands the phase terminator,
     * in one batch: a phase announcement, one turn job per snapshot thread (reverse
     * registration order, rule 3.2), and an end-of-sequence job. A turn job, when it runs, makes
     * the request at that moment under the lock (takeTurn), or skips the thread if it has ended
     * or was requested before its turn (rule 3.6). Because start() checks the phase and
     * registers under the same lock, a racing start() is either before the snapshot (registered,
     * then terminated and awaited) or after the phase change (rejected, thread left NEW):
     * rule 2.4.
     *
     * Two terminators, so that the two kinds of callback never wait for each other: the phase
     * terminator runs the terminate phase (announcements, turns, end of sequence, finish); the
     * request terminator runs callbacks of requests made outside the terminate phase
     * (terminate(), unreachable owners, start() of a thread requested while NEW), promptly,
     * even during a shutdown (rules 1.2 and 3.3), and completion never waits for them (3.7).
     *
     * Completion needs two facts, both recorded under the lock: the end-of-sequence job has run
     * (every turn has been taken and every callback it invoked has returned, failed or overrun:
     * the phase terminator is FIFO), and the registry is empty (every thread registered before
     * TERMINATING has ended; nothing can register after). Whichever fact comes last queues the
     * finish job, which writes phase = TERMINATED, tells the listeners, and completes the
     * handle, in that order (rule 3.7). Listeners are therefore told OPEN -> TERMINATING before
     * any callback of the terminate phase runs, and TERMINATING -> TERMINATED before isDone().
     *
     * Memory ordering: `phase` is volatile so phase() reads without the lock; every write to it
     * is made under the lock (release), and registration reads it under the lock. `completion`
     * is volatile for the same reason: written once, under the lock, before the phase write.
     */

    private final CoordinatorSettings settings;
    private final OwnerCleaner ownerCleaner;
    /** Whether this is the JVM-wide coordinator, whose last thread holds the JVM until completion. */
    private final boolean jvmWide;
    private final Terminator phaseTerminator;
    private final Terminator requestTerminator;
    private final ListenerBroadcast listeners;
    private final AtomicLong threadNumbers = new AtomicLong();
    private final AtomicLong loopNumbers = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    /** OPEN -> TERMINATING -> TERMINATED; written under lock. */
    private volatile CoordinatorPhase phase = CoordinatorPhase.OPEN;
    /** Non-null from TERMINATING on; written once under lock. */
    private volatile ReferenceShutdownCompletion completion;
    /** Guarded by lock. */
    private final Registry<ReferenceTerminableThread> registry = new Registry<>();
    /** Guarded by lock: the shutdown's callback sequence has passed through the terminator. */
    private boolean sequenceDone;
    /** Guarded by lock: the finish job has been queued. */
    private boolean finishQueued;

    /**
     * Creates an open coordinator. Starts no thread.
     *
     * @param settings its settings
     * @param ownerCleaner the provider's cleaner for owner tracking
     * @param jvmWide whether this is the JVM-wide coordinator
     */
    ReferenceCoordinator(CoordinatorSettings settings, OwnerCleaner ownerCleaner, boolean jvmWide) {
        this.settings = settings;
        this.ownerCleaner = ownerCleaner;
        this.jvmWide = jvmWide;
        this.phaseTerminator = new Terminator(settings.name() + "-shutdown-terminator", settings.callbackTimeout());
        this.requestTerminator = new Terminator(settings.name() + "-terminator", settings.callbackTimeout());
        this.listeners = new ListenerBroadcast(settings.name());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public CoordinatorSettings settings() {
        return settings;
    }

    @Override
    public TerminableThreadBuilder threadBuilder() {
        return new ReferenceThreadBuilder(this);
    }

    @Override
    public BackgroundLoopBuilder loopBuilder() {
        return new ReferenceLoopBuilder(this);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implements rules 3.1, 3.2, 3.6 and 3.9, with trigger {@link ShutdownTrigger#EXPLICIT}.
     */
    @Override
    public ShutdownCompletion shutdown() {
        return beginShutdown(ShutdownTrigger.EXPLICIT);
    }

    @Override
    public CoordinatorPhase phase() {
        return phase;
    }

    @Override
    public List<TerminableThread> liveThreads() {
        lock.lock();
        try {
            return List.<TerminableThread>copyOf(registry.oldestFirst());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void addListener(TerminationListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(TerminationListener listener) {
        return listeners.remove(listener);
    }

    // ---------------------------------------------------------------- shutdown state machine

    /**
     * Begins shutdown with {@code trigger}, or returns the handle of the shutdown already begun.
     *
     * @param trigger what begins it
     * @return the one completion handle
     */
    ReferenceShutdownCompletion beginShutdown(ShutdownTrigger trigger) {
        ReferenceShutdownCompletion existing = completion;
        if (existing != null) {
            return existing;
        }
        lock.lock();
        try {
            if (completion != null) {
                return completion;
            }
            ReferenceShutdownCompletion c = new ReferenceShutdownCompletion(this, trigger);
            completion = c;
            phase = CoordinatorPhase.TERMINATING; // release: registration reads it under the lock
            List<TerminatorJob> jobs = new ArrayList<>();
            jobs.add(TerminatorJob.of("phase announcement OPEN -> TERMINATING of '" + name() + "'",
                    () -> announce(CoordinatorPhase.OPEN, CoordinatorPhase.TERMINATING, c), null));
            for (ReferenceTerminableThread t : registry.newestFirst()) {
                jobs.add(CallbackJob.turn(this, t));
            }
            jobs.add(TerminatorJob.of("end of the callback sequence of '" + name() + "'",
                    this::sequenceDone, this::sequenceDone));
            phaseTerminator.submitAll(jobs);
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A turn of the terminate phase: requests termination of {@code t} now, unless it has ended
     * or was requested before (rules 3.2 and 3.6).
     *
     * @param t the snapshot thread whose turn it is
     * @return whether the request was made, so the callback must be invoked
     */
    boolean takeTurn(ReferenceTerminableThread t) {
        lock.lock();
        try {
            if (t.state == ThreadState.ENDED || t.requested) {
                return false;
            }
            t.requested = true; // release: volatile write under the lock
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void sequenceDone() {
        lock.lock();
        try {
            sequenceDone = true;
            queueFinishIfDone();
        } finally {
            lock.unlock();
        }
    }

    /** Queues the finish job once both completion facts hold. Called with the lock held. */
    private void queueFinishIfDone() {
        if (phase == CoordinatorPhase.TERMINATING && sequenceDone && registry.isEmpty() && !finishQueued) {
            finishQueued = true;
            ReferenceShutdownCompletion c = completion;
            phaseTerminator.submit(TerminatorJob.of("phase announcement TERMINATING -> TERMINATED of '" + name() + "'",
                    () -> finish(c), c::complete));
        }
    }

    private void finish(ReferenceShutdownCompletion c) {
        lock.lock();
        try {
            phase = CoordinatorPhase.TERMINATED; // release: every registered thread has ended
        } finally {
            lock.unlock();
        }
        announce(CoordinatorPhase.TERMINATING, CoordinatorPhase.TERMINATED, c);
        c.complete();
    }

    private void announce(CoordinatorPhase from, CoordinatorPhase to, ReferenceShutdownCompletion c) {
        JfrEvents.phaseChanged(name(), from, to, c.trigger(), from == CoordinatorPhase.OPEN ? Duration.ZERO : c.elapsed());
        listeners.phaseChanged(from, to, c.trigger());
    }

    // ---------------------------------------------------------------- thread state machine

    /**
     * Registers {@code t} and starts its thread: {@code NEW -> RUNNING} (rules 1.1, 1.4, 2.1,
     * 2.3 and 2.4).
     *
     * @param t the thread
     * @throws IllegalStateException if {@code t} is not NEW
     * @throws ShutdownInProgressException if shutdown has begun; {@code t} stays NEW
     */
    void start(ReferenceTerminableThread t) {
        lock.lock();
        try {
            if (t.state != ThreadState.NEW) {
                throw new IllegalStateException("terminable thread '" + t.name() + "' was already started; it is "
                        + t.state);
            }
            if (phase != CoordinatorPhase.OPEN) {
                throw new ShutdownInProgressException("coordinator '" + name() + "' is " + phase
                        + " (shutdown began, trigger " + completion.trigger() + "): terminable thread '" + t.name()
                        + "' was not started and stays NEW");
            }
            Registry.Node<ReferenceTerminableThread> node = registry.add(t);
            t.state = ThreadState.RUNNING; // release: the body may read it as soon as it starts
            try {
                t.thread().start(); // under the lock, so no callback can reach a thread not yet started
            } catch (Throwable e) {
                registry.remove(node);
                t.state = ThreadState.NEW;
                throw e;
            }
            t.registration = node;
            if (t.requested) {
                requestTerminator.submit(CallbackJob.requested(this, t)); // rule 1.4
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates an unstarted thread of this coordinator and, if it has an owner, starts tracking
     * the owner at once (rule 2.6): an owner already unreachable counts as a request made before
     * {@code start()}.
     *
     * @param name the thread's name
     * @param callback its termination callback
     * @param owner a weak reference to its owner, or {@code null}
     * @param virtual whether to create a virtual thread
     * @param body what it runs
     * @return the NEW thread
     */
    ReferenceTerminableThread newThread(String name, TerminationCallback callback, WeakReference<Object> owner,
                                        boolean virtual, Runnable body) {
        ReferenceTerminableThread t = new ReferenceTerminableThread(this, name, callback, virtual, body);
        if (owner != null) {
            Object o = owner.get();
            if (o == null) {
                requestTermination(t);
            } else {
                Cleaner.Cleanable tracking = ownerCleaner.track(o, t);
                lock.lock();
                try {
                    t.ownerTracking = tracking;
                } finally {
                    lock.unlock();
                }
            }
            Reference.reachabilityFence(o);
        }
        return t;
    }

    /**
     * Requests termination of {@code t} (rules 1.2 to 1.6).
     *
     * @param t the thread
     * @return whether this call made the first request and the thread had not ended
     */
    boolean requestTermination(ReferenceTerminableThread t) {
        lock.lock();
        try {
            if (t.state == ThreadState.ENDED || t.requested) {
                return false;
            }
            t.requested = true; // release: volatile write under the lock
            if (t.state == ThreadState.RUNNING) {
                requestTerminator.submit(CallbackJob.requested(this, t));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by {@code t}'s own thread once its body has returned or thrown:
     * {@code RUNNING -> ENDED}, and {@code t} is forgotten (rule 2.2).
     *
     * <p>On the JVM-wide coordinator, the last platform thread to end during a shutdown then
     * stays alive until the shutdown has completed: on the quiescence path the JVM begins its
     * own shutdown sequence as soon as the last non-daemon thread ends, and the callbacks still
     * running on (daemon) terminators, and the final listener notification, must finish before
     * that (rule 4.11). The wait is bounded: every callback and listener is bounded by
     * {@code callbackTimeout}.
     *
     * @param t the thread that ended
     */
    void threadEnded(ReferenceTerminableThread t) {
        Cleaner.Cleanable tracking;
        ReferenceShutdownCompletion holdUntil = null;
        lock.lock();
        try {
            t.state = ThreadState.ENDED; // release: the body's actions happen-before this write
            if (t.registration != null) {
                registry.remove(t.registration);
                t.registration = null;
            }
            tracking = t.ownerTracking;
            t.ownerTracking = null;
            queueFinishIfDone();
            if (jvmWide && phase == CoordinatorPhase.TERMINATING && registry.isEmpty() && !t.thread().isDaemon()) {
                holdUntil = completion;
            }
        } finally {
            lock.unlock();
        }
        if (tracking != null) {
            tracking.clean(); // drops the cleaner's registration; its action finds the thread ENDED
        }
        if (holdUntil != null) {
            holdUntil.awaitUninterruptibly();
        }
    }

    // ---------------------------------------------------------------- reports from the terminator

    /**
     * A callback returned or threw within its bound (rules 3.5 and 8.2).
     *
     * @param t the thread
     * @param took how long the callback ran
     * @param failure what it threw, or null
     * @param shutdown the shutdown under way when it was invoked, or null
     */
    void callbackReturned(ReferenceTerminableThread t, Duration took, Throwable failure,
                          ReferenceShutdownCompletion shutdown) {
        TerminationRecord record = new TerminationRecord(t.name(), t.thread().getId(), took,
                failure == null ? TerminationOutcome.COMPLETED : TerminationOutcome.FAILED, Optional.ofNullable(failure));
        JfrEvents.terminated(name(), record);
        if (failure != null) {
            if (shutdown != null) {
                shutdown.addFailure(new CallbackFailure(t.name(), failure));
            }
            if (listeners.isEmpty()) {
                Diagnostics.report(Diagnostics.CALLBACK_FAILED, "termination callback of thread '" + t.name()
                        + "' (coordinator '" + name() + "') threw; the other callbacks go on", failure);
            }
        }
        listeners.terminated(record);
    }

    /**
     * A callback exceeded the bound; the next one has been started (rules 3.4 and 8.3).
     *
     * @param t the thread
     * @param bound the bound it exceeded
     * @param shutdown the shutdown under way when it was invoked, or null
     */
    void overran(ReferenceTerminableThread t, Duration bound, ReferenceShutdownCompletion shutdown) {
        if (shutdown != null) {
            shutdown.addOverrun(t.name());
        }
        TerminationRecord record = new TerminationRecord(t.name(), t.thread().getId(), bound,
                TerminationOutcome.OVERRAN, Optional.empty());
        JfrEvents.terminated(name(), record);
        listeners.overran(t.name(), bound);
        listeners.terminated(record);
    }

    /**
     * An await timed out: tell the listeners, on the awaiting thread, before the await returns
     * (rules 3.8 and 8.3).
     *
     * @param report the report the await returns
     */
    void deadlineMissed(ShutdownReport report) {
        JfrEvents.deadlineMissed(name(), report);
        listeners.deadlineMissed(report);
    }

    // ---------------------------------------------------------------- queries for other classes

    /** Returns the registered threads that have not ended, with their current stacks (rule 3.8). */
    List<UnfinishedThread> unfinishedThreads() {
        List<ReferenceTerminableThread> live;
        lock.lock();
        try {
            live = registry.oldestFirst();
        } finally {
            lock.unlock();
        }
        List<UnfinishedThread> out = new ArrayList<>(live.size());
        for (ReferenceTerminableThread t : live) {
            out.add(new UnfinishedThread(t.name(), t.thread().getId(), List.of(t.thread().getStackTrace())));
        }
        return out;
    }

    /** Returns the underlying threads of the registered terminable threads, for the quiescence check. */
    Set<Thread> registeredThreads() {
        Set<Thread> out = Collections.newSetFromMap(new IdentityHashMap<>());
        lock.lock();
        try {
            for (ReferenceTerminableThread t : registry.oldestFirst()) {
                out.add(t.thread());
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Returns the shutdown's handle, or {@code null} while OPEN. */
    ReferenceShutdownCompletion completion() {
        return completion;
    }

    /**
     * Returns whether both terminators are quiet: no callback or announcement queued or running
     * (for tests).
     *
     * @return whether nothing is pending
     */
    boolean terminatorsQuiet() {
        return phaseTerminator.isQuiet() && requestTerminator.isQuiet();
    }

    String nextThreadName() {
        return name() + "-thread-" + threadNumbers.incrementAndGet();
    }

    String nextLoopName() {
        return name() + "-loop-" + loopNumbers.incrementAndGet();
    }

    @Override
    public String toString() {
        return "TerminationCoordinator[" + name() + ", " + phase + "]";
    }

    @Override
    public void attach(io.github.terminable.TerminationCoordinator child) {
        throw new UnsupportedOperationException("attach: not implemented yet (spec 0.2, rule 2.7)");
    }
}
