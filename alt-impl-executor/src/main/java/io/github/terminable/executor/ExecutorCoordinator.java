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
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.ThreadState;
import io.github.terminable.UnfinishedThread;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coordinator built on executors: the registry of live terminable threads, the phase state
 * machine, and the wiring of the two callback sequencers and the listener bus (sections 2 and 3).
 *
 * <p><b>Thread-safety.</b> Every method is thread-safe, non-blocking apart from a short
 * registration lock, and safe to call from a termination callback (rule 3.9).
 *
 * <p><b>Memory consistency.</b> Actions before a successful {@code start()} <i>happen-before</i>
 * the thread appears in {@link #liveThreads()} (both under the registration lock). Actions before
 * {@link #shutdown()} <i>happen-before</i> every callback it causes (the sequencer queue).
 */
final class ExecutorCoordinator implements TerminationCoordinator {

    /*
     * Overview.
     *
     * One lock (the monitor of `live`) guards registration, deregistration and the phase, so a
     * start() racing shutdown() is either registered before the snapshot, and then terminated
     * and awaited by that shutdown, or rejected (rule 2.4). Nothing else is done under the lock:
     * no callback, no listener, no executor call. The lock is a leaf (code holding it takes no
     * other lock), so it cannot take part in a deadlock, and no callback or listener ever runs
     * while it is held (rule 3.9).
     *
     * phase:  OPEN -> TERMINATING -> TERMINATED   (rule 3.10; only forward)
     *   OPEN -> TERMINATING   beginShutdown(), under the lock, with the snapshot of `live`.
     *     The terminate phase then runs as steps on the shutdown sequencer's terminator: it
     *     tells the listeners, and takes the snapshot from last to first, one turn() step per
     *     thread, requesting each thread at its turn (so earlier threads stay unrequested until
     *     then, rule 3.2) and queueing its callback as a bounded step, which runs (and has its
     *     record delivered) before the next turn (rules 3.3, 3.4, 8.2).
     *   TERMINATING -> TERMINATED   finish(), once, on the shutdown sequencer, when both
     *       (a) the terminate phase has passed every snapshot thread (callbacksDone), and
     *       (b) every registered thread has ended (`live` is empty)   (rule 3.7);
     *     whichever of the last turn() / deregister() observes both first claims `finishing`.
     *
     * Callbacks of requests made outside the terminate phase run on the separate request
     * sequencer and are not waited for by completion (rules 1.2, 3.3, 3.7).
     *
     * Memory ordering: `phase` and `run` are volatile so that phase() and the callback reporting
     * path can read them without the lock; they are written under the lock, except the single
     * TERMINATED write made by the claimant of `finishing`, after it read `live` empty under the
     * lock (so after every thread's ENDED write).
     */
    private final CoordinatorSettings settings;
    /**
     * Whether this is the JVM-wide coordinator, whose last platform thread holds the JVM until
     * the quiescence shutdown is complete (rule 4.11).
     */
    private final boolean jvmWide;
    private final ListenerBus bus;
    /** Runs callbacks of requests made outside the terminate phase. */
    private final CallbackSequencer requests;
    /** Runs the terminate phase and the completion; closed once TERMINATED. */
    private final CallbackSequencer terminatePhase;
    private final AtomicLong terminatorNumbers = new AtomicLong();
    private final AtomicLong threadNumbers = new AtomicLong();
    private final AtomicLong loopNumbers = new AtomicLong();

    /** Live registered threads in registration order; also the registration lock. */
    private final LinkedHashSet<ExecutorThread> live = new LinkedHashSet<>();
    private volatile CoordinatorPhase phase = CoordinatorPhase.OPEN;
    private volatile ShutdownRun run;
    /** Guarded by {@link #live}. */
    private boolean callbacksDone;
    /** Guarded by {@link #live}. */
    private boolean finishing;

    /**
     * Creates an OPEN independent coordinator; nothing is started until it is used.
     *
     * @param settings its settings
     */
    ExecutorCoordinator(CoordinatorSettings settings) {
        this(settings, false);
    }

    /**
     * Creates an OPEN coordinator; nothing is started until it is used.
     *
     * @param settings its settings
     * @param jvmWide whether it is the JVM-wide coordinator (see {@link #holdUntilComplete})
     */
    ExecutorCoordinator(CoordinatorSettings settings, boolean jvmWide) {
        this.settings = settings;
        this.jvmWide = jvmWide;
        this.bus = new ListenerBus(settings.name());
        this.requests = new CallbackSequencer(this);
        this.terminatePhase = new CallbackSequencer(this);
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
            for (ExecutorThread t : live) {
                if (t.state() != ThreadState.ENDED) {
                    snapshot.add(t);
                }
            }
        }
        return Collections.unmodifiableList(snapshot);
    }

    @Override
    public void addListener(TerminationListener listener) {
        bus.add(Arguments.notNull(listener, "listener"));
    }

    @Override
    public boolean removeListener(TerminationListener listener) {
        return bus.remove(Arguments.notNull(listener, "listener"));
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
     * the terminate phase to the shutdown sequencer.
     *
     * @param trigger what began it
     * @return the one completion handle
     */
    ShutdownRun beginShutdown(ShutdownTrigger trigger) {
        ShutdownRun started;
        List<ExecutorThread> snapshot;
        synchronized (live) {
            if (run != null) {
                return run;
            }
            started = new ShutdownRun(this, trigger);
            run = started;
            phase = CoordinatorPhase.TERMINATING;
            snapshot = new ArrayList<>(live);
        }
        terminatePhase.execute(next -> {
            bus.phaseChanged(CoordinatorPhase.OPEN, CoordinatorPhase.TERMINATING, started.trigger(), next);
            next.then(turn(started, snapshot, snapshot.size() - 1));
        });
        return started;
    }

    /**
     * The terminate phase's turn of snapshot thread {@code i} (rules 3.2 to 3.6): a step of the
     * shutdown sequencer, which queues the thread's callback (if any) and then the turn of
     * thread {@code i - 1}; after the first thread, the completion check.
     */
    private CallbackSequencer.Step turn(ShutdownRun shutdown, List<ExecutorThread> snapshot, int i) {
        return next -> {
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
            ExecutorThread t = snapshot.get(i);
            // Ended threads are skipped (rule 1.5); threads already requested are only awaited
            // (rule 3.6); the others are requested now, at their turn, and called (rule 3.2).
            if (t.requestForShutdown()) {
                next.bounded(terminatePhase.callback(t, shutdown));
            }
            next.then(turn(shutdown, snapshot, i - 1));
        };
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
     * TERMINATING -> TERMINATED, once, on the shutdown sequencer. In the order of rule 3.7: the
     * phase, then the listeners, then the handle, so a caller woken by the handle sees the phase
     * and every listener has already heard of it.
     */
    private void finish(CallbackSequencer.Steps next) {
        ShutdownRun finished = run;
        ShutdownReport report = finished.completedReport();
        phase = CoordinatorPhase.TERMINATED;
        bus.phaseChanged(CoordinatorPhase.TERMINATING, CoordinatorPhase.TERMINATED, finished.trigger(), next);
        next.then(after -> {
            finished.complete(report);
            terminatePhase.close();
        });
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
         * It was the last thread of a shutdown of the JVM-wide coordinator whose terminate phase
         * is still running: hold.
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
            // On the JVM-wide coordinator the last thread holds even while a callback is still
            // running (callbacksDone false): that callback may well be the one that ended it, and
            // without the hold the JVM could start its hooks before it returns (rule 4.11).
            // Independent coordinators do not hold here: nothing depends on them for JVM exit, and
            // a callback waiting for its own thread's Thread to die must not turn into an overrun.
            return jvmWide && phase == CoordinatorPhase.TERMINATING && live.isEmpty() ? AfterEnd.HOLD : AfterEnd.NOTHING;
        }
    }

    /**
     * Holds the last thread of a shutdown alive until the shutdown has completed; if that thread
     * claimed the completion ({@code finish}), hands the completion to the shutdown sequencer
     * first.
     *
     * <p>Callbacks and listeners run on daemon helper threads (rule 1.8). On the quiescence path
     * the last terminable thread is the last non-daemon thread: if it ended at once, the JVM
     * could begin its shutdown sequence while a callback, a listener or the completion were still
     * running. So it waits until the completion handle is complete (rule 4.11, informative note),
     * at most for the shutdown deadline. Its interrupt status is kept but does not cut the wait
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
        if (finish && !terminatePhase.execute(this::finish)) {
            return;
        }
        if (Thread.currentThread().isDaemon()) {
            return;
        }
        shutdown.awaitQuietly(settings.shutdownDeadline());
    }

    /**
     * Returns the platform threads of the registered terminable threads; used by the quiescence
     * watcher (rule 4.2).
     *
     * @return an identity set of threads
     */
    Set<Thread> registeredThreads() {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        synchronized (live) {
            for (ExecutorThread t : live) {
                threads.add(t.thread());
            }
        }
        return threads;
    }

    /**
     * Describes the threads that have not ended, in registration order (rule 3.8).
     *
     * @return one entry per unfinished thread, with its current stack
     */
    List<UnfinishedThread> unfinishedThreads() {
        List<UnfinishedThread> unfinished = new ArrayList<>();
        for (TerminableThread t : liveThreads()) {
            Thread thread = t.thread();
            unfinished.add(new UnfinishedThread(t.name(), thread.getId(), Arrays.asList(thread.getStackTrace())));
        }
        return unfinished;
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * Hands the callback of {@code thread} to the sequencer (explicit, owner or pre-start request).
     *
     * @param thread the thread whose termination was requested
     */
    void dispatch(ExecutorThread thread) {
        requests.execute(next -> next.bounded(requests.callback(thread, run)));
    }

    /**
     * Reports one callback's outcome (rules 3.4, 3.5, 8.2 and 8.3); called on a terminator
     * thread, before that sequencer starts its next step.
     *
     * @param thread whose callback it was
     * @param outcome how it ended
     * @param failure what it threw, if it failed
     * @param took how long it ran, or the bound if it overran
     * @param shutdown the shutdown under way when the callback was invoked, or {@code null}
     * @param on where the listener calls are queued, to run right after the callback's step
     */
    void callbackFinished(ExecutorThread thread, TerminationOutcome outcome, Throwable failure, Duration took,
                          ShutdownRun shutdown, CallbackSequencer.Steps on) {
        if (outcome == TerminationOutcome.OVERRAN) {
            if (shutdown != null) {
                shutdown.recordOverrun(thread.name());
            }
            bus.overran(thread.name(), took, on);
        }
        if (outcome == TerminationOutcome.FAILED) {
            if (shutdown != null) {
                shutdown.recordFailure(thread.name(), failure);
            }
            if (!bus.hasListeners()) {
                Diagnostics.report(Diagnostics.CALLBACK_FAILED, "termination callback of thread '" + thread.name()
                        + "' (coordinator '" + name() + "') threw; the other callbacks still run", failure);
            }
        }
        bus.terminated(new TerminationRecord(thread.name(), thread.thread().getId(), took, outcome,
                Optional.ofNullable(failure)), on);
    }

    /** Returns the listener bus. */
    ListenerBus listeners() {
        return bus;
    }

    /** Returns a default thread name unique in this coordinator. */
    String nextThreadName() {
        return name() + "-thread-" + threadNumbers.incrementAndGet();
    }

    /** Returns a name for a new terminator thread. */
    String nextTerminatorName() {
        return name() + "-terminator-" + terminatorNumbers.incrementAndGet();
    }

    /** Returns a default loop name unique in this coordinator. */
    String nextLoopName() {
        return name() + "-loop-" + loopNumbers.incrementAndGet();
    }

    @Override
    public void attach(io.github.terminable.TerminationCoordinator child) {
        throw new UnsupportedOperationException("attach: not implemented yet (spec 0.2, rule 2.7)");
    }
}
