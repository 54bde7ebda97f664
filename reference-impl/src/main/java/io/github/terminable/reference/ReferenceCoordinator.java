package io.github.terminable.reference;

import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.ThreadState;
import io.github.terminable.UnfinishedThread;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A coordinator of the reference implementation: the registry of live terminable threads and
 * the shutdown state machine (sections 2 and 3). An independent coordinator is an instance of
 * this class; the JVM-wide coordinator is a {@link GlobalCoordinator}, which adds its triggers
 * and the hold of rule 4.11 through the two hooks {@link #quiescenceHold()} and
 * {@link #descendantAttached()} (rule 2.5: they differ in nothing else).
 *
 * <p><b>Thread-safety.</b> Every method is safe from any thread, including callbacks and
 * listeners (rule 3.9): the lock is held only for short bookkeeping, never while user code runs,
 * and never while waiting.
 *
 * <p>A coordinator may be attached to another one ({@link #attach}, rule 2.7); it then is one
 * unit of its parent's registration order, and its parent's completion waits for its own.
 *
 * <p><b>Memory consistency.</b> A successful {@code start()} and every termination request are
 * made under the lock, so actions prior to {@code start()} <i>happen-before</i> the thread
 * appears in {@link #liveThreads()}, and actions prior to {@link #shutdown()} or
 * {@code terminate()} <i>happen-before</i> the callbacks they cause (the jobs are handed to the
 * {@link Terminator} through its lock).
 */
class ReferenceCoordinator implements TerminationCoordinator, PhaseStep.Facts, AttachedTurnJob.Child,
        ReferenceShutdownCompletion.Unfinished {

    /*
     * Overview: the phase state machine.
     *
     *   OPEN --beginShutdown(trigger)--> TERMINATING --finish()--> TERMINATED
     *
     * beginShutdown, under the lock: creates the one completion handle, writes
     * phase = TERMINATING, snapshots the registry newest first, and hands the phase terminator,
     * in one batch: a phase announcement, one turn job per snapshot unit (reverse registration
     * order, rule 3.2), and an end-of-sequence job. A thread's turn job, when it runs, makes the
     * request at that moment under the lock (takeTurn) and invokes the callback, or skips the
     * thread if it has ended, or invokes nothing if it was requested before its turn (rule 3.6);
     * then, unless the thread opted out (rule 3.11), it waits for the thread's end within the
     * turn's bound (see Units below). Because start() checks the phase and
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
     * (every turn has ended: its unit ended or completed, or the turn overran, and every callback
     * it invoked has returned, failed or overrun: the phase terminator is FIFO), and the
     * registry is empty (every thread registered before TERMINATING has ended and every
     * attached coordinator has completed; nothing can register or attach after). Whichever fact comes last queues the
     * finish job, which writes phase = TERMINATED, tells the listeners, and completes the
     * handle, in that order (rule 3.7). Listeners are therefore told OPEN -> TERMINATING before
     * any callback of the terminate phase runs, and TERMINATING -> TERMINATED before isDone().
     *
     * Memory ordering: `phase` is volatile so phase() reads without the lock; every write to it
     * is made under the lock (release), and registration reads it under the lock. `completion`
     * is volatile for the same reason: written once, under the lock, before the phase write.
     *
     * Units (rule 3.2). The registry holds the units in registration order: terminable threads
     * (ReferenceTerminableThread; a loop is one) and attached coordinators (ReferenceCoordinator,
     * rule 2.7). A thread's turn is a CallbackJob (callback, then the wait for the thread's end,
     * both within callbackTimeout from the start of the turn); a child's turn is an
     * AttachedTurnJob (its shutdown begun with our trigger, then the wait for its completion,
     * within the child's shutdownDeadline). A turn that exceeds its bound is reported
     * (Reporter.turnOverran) and the phase terminator goes on with the next turn (rule 3.4). The registry
     * being empty therefore means: every thread has ended AND every attached child has completed
     * (a child is removed by forgetChild when its completion is done), which is what completion
     * (rule 3.7) waits for.
     *
     * Attaching (rule 2.7) is serialized by the class-wide ATTACH_LOCK, so the ancestor walk
     * (cycle check) and the `parent` write of two concurrent attaches cannot interleave. Lock
     * order: ATTACH_LOCK -> parent.lock -> child.lock. No other path takes two coordinator locks
     * at once: forgetChild takes only the parent's lock (called by the child without its own),
     * and the parent's turn begins the child's shutdown with no lock held.
     *
     * The callback path runs one way: coordinator -> Terminator -> job -> Reporter. The
     * coordinator builds each job from what the job needs (the thread or the child, a name, a
     * bound, the Reporter) and hands it to a terminator; the job reports every outcome to the
     * Reporter, which fans it out to JFR, the listeners, System.err and the shutdown's lists.
     * Nothing on that path holds the coordinator's type. What a job must still record on the
     * coordinator goes through a small interface it is given: a thread's turn makes its request
     * through the thread (ReferenceTerminableThread.takeTurn, under this lock), a phase step
     * records the completion facts through PhaseStep.Facts, and a child's turn begins and awaits
     * the child's shutdown through AttachedTurnJob.Child.
     */

    /** Serializes attach() across every coordinator (see Overview). */
    private static final Object ATTACH_LOCK = new Object();

    private final CoordinatorSettings settings;
    /** The provider, whose owner cleaner is asked for only when a thread has an owner (rule 2.6). */
    private final ReferenceProvider provider;
    private final Terminator phaseTerminator;
    private final Terminator requestTerminator;
    /** Where every outcome of this coordinator's callbacks, turns and phases is reported. */
    final Reporter reporter;
    private final AtomicLong threadNumbers = new AtomicLong();
    private final AtomicLong loopNumbers = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Written only under lock (release: volatile write); read without it by phase().
     *   OPEN --beginShutdown(trigger): shutdown(), an attached parent's turn, or the JVM-wide
     *          triggers (QuiescenceWatcher, JvmExitHook)--> TERMINATING
     *   TERMINATING --finish(): a PhaseStep, queued once the sequence is done and the registry
     *          is empty (queueFinishIfDone)--> TERMINATED
     * Never goes back; start() and attach() are accepted only while OPEN.
     */
    private volatile CoordinatorPhase phase = CoordinatorPhase.OPEN;
    /**
     * null --beginShutdown, under lock, just before phase = TERMINATING--> the one handle.
     * Never reset; volatile so beginShutdown's fast path and completion() read it without the lock.
     */
    private volatile ReferenceShutdownCompletion completion;
    /** Units in registration order: ReferenceTerminableThread or attached ReferenceCoordinator. Guarded by lock. */
    private final Registry<Object> registry = new Registry<>();
    /**
     * The coordinator this one is attached to, or null; written once, under ATTACH_LOCK and both
     * coordinators' locks; volatile so the ancestor walks read it without locks.
     */
    private volatile ReferenceCoordinator parent;
    /**
     * This coordinator's node in its parent's registry; guarded by the parent's lock.
     *   null --attach (parent's lock)--> node --our finish: parent.forgetChild (parent's lock)--> null
     */
    private Registry.Node<Object> attachment;
    /**
     * Guarded by lock. false --the end-of-sequence PhaseStep runs, or overruns (sequenceDone)--> true:
     * every turn has ended (the first completion fact).
     */
    private boolean sequenceDone;
    /**
     * Guarded by lock. false --queueFinishIfDone finds sequenceDone and an empty registry
     * (from sequenceDone, threadEnded or forgetChild, whichever is last)--> true: the finish
     * PhaseStep is queued, exactly once.
     */
    private boolean finishQueued;
    /** Signalled when a thread ends while someone joins one (join(Duration), awaitTermination). */
    private final java.util.concurrent.locks.Condition threadEndedCondition = lock.newCondition();
    /** Guarded by lock: callers waiting in awaitEnded; threadEnded signals only when positive. */
    private int joiners;

    /**
     * Creates an open coordinator. Starts no thread.
     *
     * @param settings its settings
     * @param provider the provider, whose cleaner tracks owners
     */
    ReferenceCoordinator(CoordinatorSettings settings, ReferenceProvider provider) {
        this.settings = settings;
        this.provider = provider;
        this.reporter = new Reporter(settings.name());
        this.phaseTerminator = new Terminator(settings.name() + "-shutdown-terminator", settings.callbackTimeout());
        this.requestTerminator = new Terminator(settings.name() + "-terminator", settings.callbackTimeout());
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
        return ReferenceThreadBuilder.create(this); // declared as the interface: loads nothing until called
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
        return Collections.unmodifiableList(threadsOf(unitsOldestFirst())); // not the attached coordinators' (rule 2.7)
    }

    @Override
    public void addListener(TerminationListener listener) {
        reporter.addListener(listener);
    }

    @Override
    public boolean removeListener(TerminationListener listener) {
        return reporter.removeListener(listener);
    }

    // ---------------------------------------------------------------- shutdown state machine

    /**
     * Begins shutdown with {@code trigger}, or returns the handle of the shutdown already begun.
     *
     * @param trigger what begins it
     * @return the one completion handle
     */
    @Override
    public ReferenceShutdownCompletion beginShutdown(ShutdownTrigger trigger) {
        ReferenceShutdownCompletion existing = completion;
        if (existing != null) {
            return existing;
        }
        lock.lock();
        try {
            if (completion != null) {
                return completion;
            }
            ReferenceShutdownCompletion c = new ReferenceShutdownCompletion(name(), reporter, this, trigger);
            completion = c;
            reporter.shutdownBegan(c);
            phase = CoordinatorPhase.TERMINATING; // release: registration reads it under the lock
            List<TerminatorJob> jobs = new ArrayList<>();
            jobs.add(new PhaseStep(name(), reporter, this, PhaseStep.ANNOUNCE_TERMINATING, c));
            for (Object unit : registry.newestFirst()) {
                jobs.add(unit instanceof ReferenceTerminableThread t ? CallbackJob.turn(reporter, t, settings.callbackTimeout())
                        : childTurn((ReferenceCoordinator) unit, c));
            }
            jobs.add(new PhaseStep(name(), reporter, this, PhaseStep.SEQUENCE_DONE, c));
            phaseTerminator.submitAll(jobs);
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** The turn of an attached child: it knows the child's name and bound, and our reporter. */
    private TerminatorJob childTurn(ReferenceCoordinator child, ReferenceShutdownCompletion c) {
        return AttachedTurnJob.turn(reporter, child, child.name(), child.settings.shutdownDeadline(), c);
    }

    /**
     * A turn of the terminate phase: requests termination of {@code t} now, unless it has ended
     * or was requested before (rules 3.2 and 3.6). Called through
     * {@link ReferenceTerminableThread#takeTurn()}.
     *
     * @param t the snapshot thread whose turn it is
     * @return one of the {@code TURN_} codes of {@link ReferenceTerminableThread}
     */
    int takeTurn(ReferenceTerminableThread t) {
        lock.lock();
        try {
            if (t.state == ThreadState.ENDED) {
                return ReferenceTerminableThread.TURN_SKIP;
            }
            if (t.requested) {
                return ReferenceTerminableThread.TURN_ALREADY_REQUESTED;
            }
            t.requested = true; // release: volatile write under the lock
            return ReferenceTerminableThread.TURN_INVOKE;
        } finally {
            lock.unlock();
        }
    }

    /** Records the first completion fact: every turn has ended (a {@link PhaseStep}). */
    @Override
    public void sequenceDone() {
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
            phaseTerminator.submit(new PhaseStep(name(), reporter, this, PhaseStep.FINISH, c));
        }
    }

    /** Writes TERMINATED, tells the listeners and completes {@code c} (a {@link PhaseStep}). */
    @Override
    public void finish(ReferenceShutdownCompletion c) {
        lock.lock();
        try {
            phase = CoordinatorPhase.TERMINATED; // release: every registered thread has ended
        } finally {
            lock.unlock();
        }
        reporter.phaseChanged(CoordinatorPhase.TERMINATING, CoordinatorPhase.TERMINATED, c);
        c.complete();
        ReferenceCoordinator p = parent;
        if (p != null) {
            p.forgetChild(this); // rule 2.7: a completed child is forgotten, as an ended thread
        }
    }

    /**
     * Forgets an attached child whose shutdown has completed, and completes this coordinator's
     * own shutdown if that was the last thing it waited for.
     *
     * @param child the child
     */
    private void forgetChild(ReferenceCoordinator child) {
        lock.lock();
        try {
            if (child.attachment != null) {
                registry.remove(child.attachment);
                child.attachment = null;
            }
            queueFinishIfDone();
        } finally {
            lock.unlock();
        }
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
            Registry.Node<Object> node = registry.add(t);
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
                requestTerminator.submit(CallbackJob.requested(reporter, t, settings.callbackTimeout())); // rule 1.4
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
     * @param awaitedInTurn whether its terminate-phase turn waits for it to end (rule 3.11)
     * @param body what it runs
     * @return the NEW thread
     */
    ReferenceTerminableThread newThread(String name, TerminationCallback callback, WeakReference<Object> owner,
                                        boolean virtual, boolean awaitedInTurn, Runnable body) {
        ReferenceTerminableThread t = new ReferenceTerminableThread(this, name, callback, virtual, awaitedInTurn, body);
        if (owner != null) {
            Object o = owner.get();
            if (o == null) {
                requestTermination(t);
            } else {
                Cleaner.Cleanable tracking = provider.ownerCleaner().track(o, t);
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
                requestTerminator.submit(CallbackJob.requested(reporter, t, settings.callbackTimeout()));
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
     * <p>Then the turn waiting for {@code t}, if any, is woken (the end signal, rule 3.2).
     *
     * <p>If this was the last registered unit and {@code t} is a platform thread, the root of the
     * attachment tree decides whether {@code t} is held (rule 4.11, {@link #quiescenceHold()}):
     * only the JVM-wide coordinator, on the quiescence path, holds it, until its shutdown has
     * completed or its missed deadline has been reported.
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
            if (joiners > 0) {
                threadEndedCondition.signalAll();
            }
            if (phase == CoordinatorPhase.TERMINATING && registry.isEmpty() && !t.thread().isDaemon()) {
                holdUntil = root().quiescenceHold();
            }
        } finally {
            lock.unlock();
        }
        t.signalEnd(); // after the volatile write of ENDED: see ReferenceTerminableThread, the end signal
        if (tracking != null) {
            tracking.clean(); // drops the cleaner's registration; its action finds the thread ENDED
        }
        if (holdUntil != null) {
            holdUntil.awaitHoldReleaseUninterruptibly();
        }
    }

    /**
     * Waits until {@code t} has ENDED (its body returned or threw), at most {@code nanos}. Unlike
     * {@code Thread.join}, this reports the end of the body, not of the underlying thread, which
     * may be held alive a while longer (rule 4.11, the hold).
     *
     * @param t the thread, started
     * @param nanos how long to wait at most
     * @return whether it has ended
     * @throws InterruptedException if the caller is interrupted while waiting
     */
    boolean awaitEnded(ReferenceTerminableThread t, long nanos) throws InterruptedException {
        if (t.state == ThreadState.ENDED) {
            return true;
        }
        lock.lockInterruptibly();
        try {
            joiners++;
            try {
                while (t.state != ThreadState.ENDED) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = threadEndedCondition.awaitNanos(nanos);
                }
                return true;
            } finally {
                joiners--;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The hold of rule 4.11, asked of the root of the attachment tree when its last platform
     * thread ends during a shutdown: the shutdown that thread must stay alive for, or null. An
     * independent coordinator holds nothing: a hold is only sure to be released on the JVM-wide
     * quiescence path (see {@link GlobalCoordinator#quiescenceHold()}).
     *
     * @return the shutdown to wait for, or null
     */
    ReferenceShutdownCompletion quiescenceHold() {
        return null;
    }

    /**
     * Told, on the root of the attachment tree, that a coordinator was attached somewhere below
     * it (rule 2.7). An independent coordinator does nothing; see
     * {@link GlobalCoordinator#descendantAttached()}.
     */
    void descendantAttached() {
    }

    /** Returns the root of the attachment tree this coordinator belongs to: itself if unattached. */
    private ReferenceCoordinator root() {
        ReferenceCoordinator root = this;
        for (ReferenceCoordinator p = parent; p != null; p = p.parent) {
            root = p;
        }
        return root;
    }

    // ---------------------------------------------------------------- attached coordinators

    /**
     * {@inheritDoc}
     *
     * <p>Implements rule 2.7. A failed attach changes nothing.
     */
    @Override
    public void attach(TerminationCoordinator child) {
        Objects.requireNonNull(child, "child must not be null");
        if (child == this) {
            throw new IllegalArgumentException("coordinator '" + name() + "' cannot be attached to itself");
        }
        if (!(child instanceof ReferenceCoordinator c)) {
            throw new IllegalArgumentException("coordinator '" + child.name() + "' belongs to another implementation ("
                    + child.getClass().getName() + "); only coordinators of the reference implementation can be attached");
        }
        if (c instanceof GlobalCoordinator) {
            throw new IllegalArgumentException("the JVM-wide coordinator '" + c.name() + "' cannot be attached");
        }
        synchronized (ATTACH_LOCK) {
            for (ReferenceCoordinator a = parent; a != null; a = a.parent) {
                if (a == c) {
                    throw new IllegalArgumentException("coordinator '" + c.name() + "' is an ancestor of '" + name()
                            + "'; attaching it would make a cycle");
                }
            }
            if (c.parent != null) {
                throw new IllegalStateException("coordinator '" + c.name() + "' is already attached to '"
                        + c.parent.name() + "'");
            }
            lock.lock();
            try {
                c.lock.lock();
                try {
                    if (c.phase != CoordinatorPhase.OPEN) {
                        throw new IllegalStateException("coordinator '" + c.name() + "' is " + c.phase
                                + "; only an OPEN coordinator can be attached");
                    }
                    if (phase != CoordinatorPhase.OPEN) {
                        throw new ShutdownInProgressException("coordinator '" + name() + "' is " + phase
                                + " (shutdown began, trigger " + completion.trigger() + "): '" + c.name()
                                + "' was not attached");
                    }
                    c.attachment = registry.add(c);
                    c.parent = this; // release: the ancestor walks read it without locks
                } finally {
                    c.lock.unlock();
                }
            } finally {
                lock.unlock();
            }
        }
        root().descendantAttached();
    }

    // ---------------------------------------------------------------- queries for other classes

    /**
     * Returns the registered threads that have not ended, with their current stacks, followed by
     * those of the attached coordinators, recursively (rules 2.7 and 3.8).
     */
    @Override
    public List<UnfinishedThread> unfinishedThreads() {
        List<Object> live = unitsOldestFirst();
        List<UnfinishedThread> out = new ArrayList<>(live.size());
        for (ReferenceTerminableThread t : threadsOf(live)) {
            out.add(new UnfinishedThread(t.name(), t.thread().getId(), List.of(t.thread().getStackTrace())));
        }
        for (Object u : live) {
            if (u instanceof ReferenceCoordinator child) {
                out.addAll(child.unfinishedThreads());
            }
        }
        return out;
    }

    /**
     * Returns the underlying threads of the registered terminable threads, of this coordinator
     * and of the coordinators attached to it, recursively: for the quiescence check (rule 4.4).
     */
    Set<Thread> registeredThreads() {
        Set<Thread> out = Collections.newSetFromMap(new IdentityHashMap<>());
        addRegisteredThreads(out);
        return out;
    }

    private void addRegisteredThreads(Set<Thread> out) {
        for (Object u : unitsOldestFirst()) {
            if (u instanceof ReferenceTerminableThread t) {
                out.add(t.thread());
            } else {
                ((ReferenceCoordinator) u).addRegisteredThreads(out);
            }
        }
    }

    /**
     * Returns a snapshot of the registered units, threads and attached coordinators, oldest first
     * (rule 2.2), taken under the lock.
     */
    private List<Object> unitsOldestFirst() {
        lock.lock();
        try {
            return registry.oldestFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the terminable threads among {@code units}, in their order, leaving out attached coordinators. */
    private static List<ReferenceTerminableThread> threadsOf(List<Object> units) {
        List<ReferenceTerminableThread> threads = new ArrayList<>(units.size());
        for (Object u : units) {
            if (u instanceof ReferenceTerminableThread t) {
                threads.add(t);
            }
        }
        return threads;
    }

    /** Returns the number of registered units, threads and attached coordinators (for tests, rule 2.2). */
    int unitCount() {
        return unitsOldestFirst().size();
    }

    /** Returns the shutdown's handle, or {@code null} while OPEN. */
    @Override
    public ReferenceShutdownCompletion completion() {
        return completion;
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
}
