package io.github.terminable.executor;

import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.UnfinishedThread;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coordinator built on executors: the registry of live terminable threads, the phase state
 * machine, and the wiring of the two terminators and the reporter (sections 2 and 3).
 *
 * <p>Independent coordinators are instances of this class; the global coordinator is the one
 * {@link GlobalCoordinator}, its only subclass, which adds what concerns JVM exit (rules 4.1 to
 * 4.12).
 *
 * <p><b>Thread-safety.</b> Every method is thread-safe, non-blocking apart from a short
 * registration lock, and safe to call from a termination callback (rule 3.9).
 *
 * <p><b>Memory consistency.</b> Actions before a successful {@code start()} <i>happen-before</i>
 * the thread appears in {@link #liveThreads()} (both under the registration lock). Actions before
 * {@link #shutdown()} <i>happen-before</i> every callback it causes (the terminator's queue).
 */
class ExecutorCoordinator implements TerminationCoordinator {

    /*
     * Overview.
     *
     * One lock (the monitor of `live`) guards registration, deregistration and the phase, so a
     * start() or attach() racing shutdown() is either registered before the snapshot, and then
     * terminated and awaited by that shutdown, or rejected (rules 2.4 and 2.7). Nothing else is
     * done under the lock: no callback, no listener, no executor call. The lock is a leaf (code
     * holding it takes no other lock), with one exception: attach() holds the parent's lock and
     * then takes the child's, inside the JVM-wide ATTACH lock; no other code nests two
     * registration locks, so no cycle can form, and no callback or listener ever runs while one
     * is held (rule 3.9).
     *
     * Units. `live` holds units (Unit): terminable threads, loops' threads and ChildLinks of
     * attached coordinators, in registration order. A ChildLink leaves `live` when the child's
     * shutdown completes (forgetChild, from the child's last completion step), as a thread
     * leaves when it ends (rule 2.2): the parent holds a child only while that child is attached
     * and not complete.
     *
     * phase:  OPEN -> TERMINATING -> TERMINATED   (rule 3.10; only forward)
     *   OPEN -> TERMINATING   beginShutdown(), under the lock, with the snapshot of `live`.
     *     The terminate phase then runs as steps on the shutdown terminator: it
     *     tells the listeners, and takes the snapshot from last to first, one turn() step per
     *     unit. A turn (Turn: a deadline = turn start + bound) requests the thread (so earlier
     *     threads stay unrequested until then, rule 3.2), queues its callback as a bounded step
     *     ending at the turn's deadline, then, unless the thread opted out (rule 3.11), the
     *     awaitTurn() step, which waits on the thread's own end signal until that same deadline
     *     and declares the overrun if it passes (rules 3.3, 3.4, 3.6). For an attached child, the
     *     turn begins the child's shutdown with this trigger and awaits its completion until the
     *     child's shutdownDeadline (rule 2.7). Records and overruns are delivered before the
     *     next turn (rule 8.2).
     *   TERMINATING -> TERMINATED   finish(), once, on the shutdown terminator, when both
     *       (a) the terminate phase has passed every snapshot unit (callbacksDone), and
     *       (b) every registered thread has ended and every attached child has completed
     *           (`live` is empty)   (rule 3.7);
     *     whichever of the last turn() / deregister() / forgetChild() observes both first claims
     *     `finishing`.
     *
     * The last-thread hold (rule 4.11) and the exit path of the hook and the watcher belong to
     * the global coordinator, a subclass: see GlobalCoordinator. Here, deregister() and
     * holdUntilComplete() only ask it whether this coordinator's last thread must hold.
     *
     * Callbacks of requests made outside the terminate phase run on the separate request
     * terminator and are not waited for by completion (rules 1.2, 3.3, 3.7).
     *
     * The callback path is one way: the coordinator builds each step and hands it to a
     * Terminator, which knows only a name and a bound. Its own bookkeeping (a turn, the wait of
     * a turn, the phase change, the completion) is a PhaseStep; a callback is a CallbackStep.
     * Every outcome goes to the Reporter (the shutdown's lists, JFR, listeners, System.err);
     * neither the terminator nor the reporter calls back into the coordinator.
     *
     * Memory ordering: `phase` and `run` are volatile so that phase() and the callback reporting
     * path can read them without the lock; they are written under the lock, except the single
     * TERMINATED write made by the claimant of `finishing`, after it read `live` empty under the
     * lock (so after every thread's ENDED write).
     */
    private final CoordinatorSettings settings;
    /** Where every outcome goes: listeners, JFR, diagnostic lines. */
    private final Reporter reporter;
    /** Runs callbacks of requests made outside the terminate phase. */
    private final Terminator requests;
    /** Runs the terminate phase and the completion; closed once TERMINATED. */
    private final Terminator terminatePhase;
    private final AtomicLong threadNumbers = new AtomicLong();
    private final AtomicLong loopNumbers = new AtomicLong();

    /**
     * Live registered units in registration order: terminable threads and attached children
     * (rule 2.7); also the registration lock.
     */
    private final Registry live = new Registry();
    /**
     * OPEN -> TERMINATING (beginShutdown, under {@link #live}, together with {@link #run}) ->
     * TERMINATED (finish, on the shutdown terminator, by the claimant of {@link #finishing});
     * only forward (rule 3.10). See the overview.
     */
    private volatile CoordinatorPhase phase = CoordinatorPhase.OPEN;
    /** null -> the one shutdown, once, under {@link #live}, when the phase leaves OPEN (rule 3.1). */
    private volatile ShutdownRun run;
    /**
     * This coordinator's position in its parent, once attached (rule 2.7); written once, under
     * {@link #ATTACH} and both coordinators' registration locks.
     */
    private volatile ChildLink attachedAs;

    /**
     * Serializes {@link #attach} calls JVM-wide, so the ancestor chains they check cannot change
     * meanwhile, and so the two registration locks an attach takes (parent, then child) are never
     * taken in the other order by a concurrent attach. No other code holds two registration locks.
     */
    private static final Object ATTACH = new Object();
    /**
     * false -> true once, when the terminate phase has passed every unit of the snapshot (the
     * turn after the oldest unit); guarded by {@link #live}.
     */
    private boolean callbacksDone;
    /**
     * false -> true once, by whichever of the last turn, deregister() and forgetChild() first
     * sees TERMINATING, {@link #callbacksDone} and {@link #live} empty (claimFinish); that caller
     * alone queues the TERMINATED step. Guarded by {@link #live}.
     */
    private boolean finishing;

    /**
     * Creates an OPEN coordinator; nothing is started until it is used.
     *
     * @param settings its settings
     */
    ExecutorCoordinator(CoordinatorSettings settings) {
        this.settings = settings;
        this.reporter = new Reporter(settings.name());
        this.requests = new Terminator(settings.name() + "-terminator", settings.callbackTimeout());
        this.terminatePhase = new Terminator(settings.name() + "-shutdown-terminator", settings.callbackTimeout());
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
        return new ExecutorThreadBuilder(this);
    }

    @Override
    public BackgroundLoopBuilder loopBuilder() {
        return new ExecutorLoopBuilder(this);
    }

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
        List<TerminableThread> snapshot = new ArrayList<>();
        synchronized (live) {
            for (Unit u = live.first(); u != null; u = u.next) {
                if (u instanceof ExecutorThread && !u.hasEnded()) {
                    snapshot.add((ExecutorThread) u); // attached children are not listed (rule 2.7)
                }
            }
        }
        return Collections.unmodifiableList(snapshot);
    }

    @Override
    public void addListener(TerminationListener listener) {
        reporter.addListener(Arguments.notNull(listener, "listener"));
    }

    @Override
    public boolean removeListener(TerminationListener listener) {
        return reporter.removeListener(Arguments.notNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "TerminationCoordinator[" + name() + ", " + phase + ", executor implementation]";
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Begins shutdown with {@code trigger}, or returns the shutdown already under way (rule 3.1).
     *
     * <p>Non-blocking: it changes the phase and takes the snapshot under the lock, and leaves
     * the terminate phase to the shutdown terminator.
     *
     * @param trigger what began it
     * @return the one completion handle
     */
    ShutdownRun beginShutdown(ShutdownTrigger trigger) {
        ShutdownRun started;
        List<Unit> snapshot;
        synchronized (live) {
            if (run != null) {
                return run;
            }
            started = new ShutdownRun(this, reporter, trigger);
            run = started;
            phase = CoordinatorPhase.TERMINATING;
            snapshot = live.snapshot();
        }
        terminatePhase.execute(new PhaseStep(PhaseStep.BEGIN, started, snapshot, snapshot.size(), null, null));
        return started;
    }

    /**
     * The terminate phase's turn of snapshot unit {@code i} (rules 3.2 to 3.6, 3.11 and 2.7): a
     * step of the shutdown terminator that queues the turn's own steps and then the turn of unit
     * {@code i - 1}; after the first unit, the completion check.
     *
     * <p>A turn's steps: for a thread not yet requested, the request and its callback (a bounded
     * step ending at the turn's deadline); then, unless the thread opted out
     * ({@code awaitedInTurn(false)}), the wait for its end ({@link #awaitTurn}). For an attached
     * coordinator: the beginning of its shutdown with this shutdown's trigger, then the wait for
     * its completion. An ended unit is skipped (rule 1.5); a unit already requested is only
     * awaited (rule 3.6).
     */
    private void turn(ShutdownRun shutdown, List<Unit> snapshot, int i, Terminator.Steps next) {
        if (i < 0) {
            boolean finish;
            synchronized (live) {
                callbacksDone = true;
                finish = claimFinish();
            }
            if (finish) {
                finish(next);
            }
            return;
        }
        Unit u = snapshot.get(i);
        if (!u.hasEnded()) {
            if (u instanceof ExecutorThread) {
                ExecutorThread t = (ExecutorThread) u;
                Turn turn = new Turn(t.name(), settings.callbackTimeout());
                if (t.requestForShutdown()) {
                    next.bounded(new CallbackStep(t, reporter, shutdown, turn));
                }
                if (t.awaitedInTurn()) {
                    next.then(new PhaseStep(PhaseStep.AWAIT, shutdown, null, 0, u, turn));
                }
            } else {
                ChildLink link = (ChildLink) u;
                Turn turn = new Turn(link.unitName(), link.child().settings().shutdownDeadline());
                link.child().beginShutdown(shutdown.trigger());
                next.then(new PhaseStep(PhaseStep.AWAIT, shutdown, null, 0, link, turn));
            }
        }
        next.then(new PhaseStep(PhaseStep.TURN, shutdown, snapshot, i - 1, null, null));
    }

    /**
     * The second half of an awaited turn: waits on the unit's own end signal until the turn's
     * deadline; if the unit has not ended by then, the turn overruns (rule 3.4): recorded in
     * {@code overruns()}, then {@code overran(name, bound)} and the JFR event, queued right after
     * this step, so they precede the next turn. Skipped when the callback already overran (the
     * turn's deadline has passed and the overrun was declared).
     */
    private void awaitTurn(ShutdownRun shutdown, Unit unit, Turn turn, Terminator.Steps next) {
        if (turn.overran() || awaitEndUninterruptibly(unit, turn)) {
            return;
        }
        if (turn.declareOverrun()) {
            reporter.overran(shutdown, turn.unitName(), turn.bound(), next);
        }
    }

    /** Waits for {@code unit} until the turn's deadline; a stray interrupt does not cut it short. */
    private static boolean awaitEndUninterruptibly(Unit unit, Turn turn) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return unit.awaitEnd(turn.nanosLeft()) || unit.hasEnded();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Guarded by {@link #live}: whether the caller is the one that must finish. */
    private boolean claimFinish() {
        if (phase == CoordinatorPhase.TERMINATING && callbacksDone && live.isEmpty() && !finishing) {
            finishing = true;
            return true;
        }
        return false;
    }

    /**
     * TERMINATING -> TERMINATED, once, on the shutdown terminator. In the order of rule 3.7: the
     * phase, then the listeners, then the handle, so a caller woken by the handle sees the phase
     * and every listener has already heard of it.
     */
    private void finish(Terminator.Steps next) {
        ShutdownRun finished = run;
        ShutdownReport report = finished.completedReport();
        phase = CoordinatorPhase.TERMINATED;
        reporter.phaseChanged(CoordinatorPhase.TERMINATING, CoordinatorPhase.TERMINATED, finished.trigger(), next);
        next.then(new PhaseStep(PhaseStep.COMPLETE, finished, null, 0, null, null, report));
    }

    /** The last step of {@link #finish}: completes the handle, then lets the parent forget this child. */
    private void complete(ShutdownRun finished, ShutdownReport report) {
        finished.complete(report);
        terminatePhase.close();
        ChildLink link = attachedAs;
        if (link != null) {
            link.parent().forgetChild(link); // rule 2.7: a complete child is forgotten
        }
    }

    /**
     * Forgets an attached child whose shutdown has completed (rules 2.2 and 2.7); if it was the
     * last unit of this coordinator's shutdown, finishes that shutdown.
     *
     * @param link the child's position in this coordinator
     */
    private void forgetChild(ChildLink link) {
        boolean finish;
        synchronized (live) {
            live.remove(link);
            finish = claimFinish();
        }
        if (finish) {
            terminatePhase.execute(new PhaseStep(PhaseStep.FINISH, null, null, 0, null, null));
        }
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers a starting thread (rules 1.1, 2.1 and 2.3).
     *
     * @param thread the thread, in lifecycle STARTING
     * @throws ShutdownInProgressException if the phase is not OPEN; nothing changes
     */
    void register(ExecutorThread thread) {
        synchronized (live) {
            if (phase != CoordinatorPhase.OPEN) {
                throw new ShutdownInProgressException("cannot start terminable thread '" + thread.name()
                        + "': coordinator '" + name() + "' is " + phase + " (shutdown triggered by "
                        + run.trigger() + ")");
            }
            live.add(thread);
            thread.markRegistered();
        }
    }

    /** What a thread that has just been forgotten must still do. */
    enum AfterEnd {
        /** Nothing: other threads are still registered, or no shutdown is under way. */
        NOTHING,
        /** It was the last thread of a shutdown whose terminate phase is done: finish, then hold. */
        FINISH,
        /**
         * It was the last thread of a shutdown under the global coordinator whose terminate phase
         * is still running: hold ({@link GlobalCoordinator#holdsLastThread}).
         */
        HOLD
    }

    /**
     * Forgets an ended thread (rule 2.2).
     *
     * @param thread the thread, already ENDED
     * @return what the caller must do next; for {@code FINISH} and {@code HOLD}, call
     *     {@link #holdUntilComplete(boolean)}
     */
    AfterEnd deregister(ExecutorThread thread) {
        synchronized (live) {
            live.remove(thread);
            if (claimFinish()) {
                return AfterEnd.FINISH;
            }
            // Under the global coordinator the last thread holds even while a callback is still
            // running (callbacksDone false); see GlobalCoordinator.holdsLastThread (rule 4.11).
            return phase == CoordinatorPhase.TERMINATING && live.isEmpty() && GlobalCoordinator.holdsLastThread(this)
                    ? AfterEnd.HOLD : AfterEnd.NOTHING;
        }
    }

    /**
     * Returns the coordinator at the top of this one's attach chain (rule 2.7): itself if it is
     * not attached. Reads volatile fields only, takes no lock.
     */
    ExecutorCoordinator root() {
        ExecutorCoordinator root = this;
        for (ChildLink up = attachedAs; up != null; up = root.attachedAs) {
            root = up.parent();
        }
        return root;
    }

    /**
     * Holds the last thread of a shutdown alive until the shutdown has completed; if that thread
     * claimed the completion ({@code finish}), hands the completion to the shutdown terminator
     * first.
     *
     * <p>Callbacks and listeners run on daemon helper threads (rule 1.8). On the quiescence path
     * the last terminable thread is the last non-daemon thread: if it ended at once, the JVM
     * could begin its shutdown sequence while a callback, a listener or the completion were still
     * running. So it waits until the completion handle is complete (rule 4.11, informative note):
     * under the global coordinator as {@link GlobalCoordinator#holdLastThread} says, otherwise at
     * most for the shutdown deadline. Its interrupt status is kept but does not cut the wait
     * short. Daemon threads (virtual ones included) do not hold the JVM and do not wait.
     *
     * <p>No deadlock: the completion waits for the terminate phase and for {@code live} to be
     * empty, never for the held thread's {@code Thread.isAlive()} to turn false. A callback or
     * listener that itself waits for the held {@code Thread} to die ({@code thread().join()})
     * is cut off by the callback timeout (it overruns), and then the completion proceeds; a
     * callback should wait with {@link TerminableThread#join(Duration)}, which returns as soon as
     * the thread is ENDED.
     *
     * @param finish whether the caller claimed the completion and must hand it over
     */
    void holdUntilComplete(boolean finish) {
        ShutdownRun shutdown = run;
        if (finish && !terminatePhase.execute(new PhaseStep(PhaseStep.FINISH, null, null, 0, null, null))) {
            return;
        }
        if (Thread.currentThread().isDaemon()) {
            return;
        }
        if (!GlobalCoordinator.holdLastThread(this)) {
            shutdown.awaitQuietly(settings.shutdownDeadline());
        }
    }

    /**
     * Returns the platform threads of the registered terminable threads; used by the quiescence
     * watcher (rule 4.2).
     *
     * @return an identity set of threads
     */
    Set<Thread> registeredThreads() {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        addRegisteredThreads(threads);
        return threads;
    }

    /** Adds this coordinator's threads, then those of its attached children (rule 2.7, 4.4). */
    private void addRegisteredThreads(Set<Thread> threads) {
        List<ExecutorCoordinator> children = new ArrayList<>();
        synchronized (live) {
            for (Unit u = live.first(); u != null; u = u.next) {
                if (u instanceof ExecutorThread) {
                    threads.add(((ExecutorThread) u).thread());
                } else {
                    children.add(((ChildLink) u).child());
                }
            }
        }
        for (ExecutorCoordinator child : children) { // outside the lock: registration locks never nest here
            child.addRegisteredThreads(threads);
        }
    }

    /**
     * Describes the threads that have not ended, in registration order (rule 3.8).
     *
     * @return one entry per unfinished thread, with its current stack
     */
    List<UnfinishedThread> unfinishedThreads() {
        List<UnfinishedThread> unfinished = new ArrayList<>();
        addUnfinishedThreads(unfinished);
        return unfinished;
    }

    /** Adds this coordinator's unfinished threads, then its attached children's (rule 2.7). */
    private void addUnfinishedThreads(List<UnfinishedThread> unfinished) {
        for (TerminableThread t : liveThreads()) {
            Thread thread = t.thread();
            unfinished.add(new UnfinishedThread(t.name(), thread.getId(), Arrays.asList(thread.getStackTrace())));
        }
        List<ExecutorCoordinator> children = new ArrayList<>();
        synchronized (live) {
            for (Unit u = live.first(); u != null; u = u.next) {
                if (u instanceof ChildLink) {
                    children.add(((ChildLink) u).child());
                }
            }
        }
        for (ExecutorCoordinator child : children) {
            child.addUnfinishedThreads(unfinished);
        }
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * Hands the callback of {@code thread} to the terminator (explicit, owner or pre-start request).
     *
     * @param thread the thread whose termination was requested
     */
    void dispatch(ExecutorThread thread) {
        requests.execute(new PhaseStep(PhaseStep.DISPATCH, null, null, 0, thread, null));
    }

    /**
     * Returns how many units (threads and attached children) are registered now; the bound on
     * what this coordinator retains (rule 2.2).
     *
     * @return the number of registered units
     */
    int registeredUnits() {
        synchronized (live) {
            return live.size();
        }
    }

    /** Returns the shutdown under way or done, or {@code null} while OPEN. */
    ShutdownRun currentRun() {
        return run;
    }

    /** Returns where this coordinator's outcomes are reported. */
    Reporter reporter() {
        return reporter;
    }

    /** Returns a default thread name unique in this coordinator. */
    String nextThreadName() {
        return name() + "-thread-" + threadNumbers.incrementAndGet();
    }

    /** Returns a default loop name unique in this coordinator. */
    String nextLoopName() {
        return name() + "-loop-" + loopNumbers.incrementAndGet();
    }

    /**
     * Attaches {@code child} as one unit at the current end of the registration order (rule 2.7).
     *
     * <p>Checks in the order of rule 1.10: the argument itself (null, this coordinator, another
     * implementation, the global one, an ancestor), then the child's state (already attached,
     * not OPEN), then this coordinator's phase. All state checks and the change are made under
     * both registration locks (parent's, then child's) inside the JVM-wide {@link #ATTACH}
     * lock, so the attach is atomic with respect to either coordinator's OPEN -> TERMINATING
     * transition (rule 2.4) and a failed attach changes nothing.
     */
    @Override
    public void attach(TerminationCoordinator child) {
        Arguments.notNull(child, "child");
        if (child == this) {
            throw new IllegalArgumentException("coordinator '" + name() + "' cannot be attached to itself");
        }
        if (!(child instanceof ExecutorCoordinator)) {
            throw new IllegalArgumentException("cannot attach " + child + " to coordinator '" + name()
                    + "': it is not a coordinator of the executor implementation");
        }
        ExecutorCoordinator c = (ExecutorCoordinator) child;
        if (c instanceof GlobalCoordinator) {
            throw new IllegalArgumentException("the JVM-wide coordinator '" + c.name()
                    + "' cannot be attached to coordinator '" + name() + "'");
        }
        synchronized (ATTACH) {
            for (ExecutorCoordinator p = this; p != null; p = p.attachedAs == null ? null : p.attachedAs.parent()) {
                if (p == c) {
                    throw new IllegalArgumentException("cannot attach coordinator '" + c.name() + "' to '" + name()
                            + "': it is an ancestor of '" + name() + "', which would make a cycle");
                }
            }
            synchronized (live) {
                synchronized (c.live) {
                    ChildLink existing = c.attachedAs;
                    if (existing != null) {
                        throw new IllegalStateException("coordinator '" + c.name() + "' is already attached to '"
                                + existing.parent().name() + "'");
                    }
                    if (c.phase != CoordinatorPhase.OPEN) {
                        throw new IllegalStateException("coordinator '" + c.name() + "' cannot be attached: it is "
                                + c.phase);
                    }
                    if (phase != CoordinatorPhase.OPEN) {
                        throw new ShutdownInProgressException("cannot attach coordinator '" + c.name()
                                + "': coordinator '" + name() + "' is " + phase + " (shutdown triggered by "
                                + run.trigger() + ")");
                    }
                    ChildLink link = new ChildLink(this, c);
                    live.add(link);
                    c.attachedAs = link;
                }
            }
        }
        GlobalCoordinator.attachedBelow(this);
    }

    /**
     * The steps this coordinator queues on its terminators, as one small named class rather than a
     * lambda per kind, so that neither the install path nor the exit path links lambdas. Each
     * instance is one step of one kind; the fields a kind does not use are null.
     */
    private final class PhaseStep implements Terminator.Step {
        /** Tells the listeners OPEN -> TERMINATING, then queues the turn of the newest unit. */
        static final int BEGIN = 0;
        /** The turn of snapshot unit {@code index} ({@code turn}). */
        static final int TURN = 1;
        /** The second half of an awaited turn ({@code awaitTurn}). */
        static final int AWAIT = 2;
        /** TERMINATING -> TERMINATED ({@code finish}). */
        static final int FINISH = 3;
        /** Completes the handle ({@code complete}). */
        static final int COMPLETE = 4;
        /** Queues the callback of an explicit, owner or pre-start request ({@code dispatch}). */
        static final int DISPATCH = 5;

        private final int kind;
        private final ShutdownRun shutdown;
        private final List<Unit> snapshot;
        private final int index;
        private final Unit unit;
        private final Turn turn;
        private final ShutdownReport report;

        PhaseStep(int kind, ShutdownRun shutdown, List<Unit> snapshot, int index, Unit unit, Turn turn) {
            this(kind, shutdown, snapshot, index, unit, turn, null);
        }

        PhaseStep(int kind, ShutdownRun shutdown, List<Unit> snapshot, int index, Unit unit, Turn turn,
                  ShutdownReport report) {
            this.kind = kind;
            this.shutdown = shutdown;
            this.snapshot = snapshot;
            this.index = index;
            this.unit = unit;
            this.turn = turn;
            this.report = report;
        }

        @Override
        public void run(Terminator.Steps next) {
            switch (kind) {
                case BEGIN:
                    reporter.phaseChanged(CoordinatorPhase.OPEN, CoordinatorPhase.TERMINATING, shutdown.trigger(), next);
                    next.then(new PhaseStep(TURN, shutdown, snapshot, index - 1, null, null));
                    break;
                case TURN:
                    turn(shutdown, snapshot, index, next);
                    break;
                case AWAIT:
                    awaitTurn(shutdown, unit, turn, next);
                    break;
                case FINISH:
                    finish(next);
                    break;
                case COMPLETE:
                    complete(shutdown, report);
                    break;
                case DISPATCH:
                    next.bounded(new CallbackStep((ExecutorThread) unit, reporter, run, null));
                    break;
                default:
                    throw new IllegalStateException("unknown step kind " + kind);
            }
        }
    }
}
