package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;

import io.github.terminable.spi.DiagnosticCode;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The global coordinator of this implementation: an {@link ExecutorCoordinator} that also owns
 * the JVM-exit machinery, installed on first use (rule 4.1).
 *
 * <p><b>Overview.</b> Installation ({@link #get}) reads
 * {@link CoordinatorSettings#fromSystemProperties(Set)} with the provider's own property names
 * (rule 9.3), warns with {@code TERMINABLE-SETTINGS} when
 * {@code callbackTimeout >= shutdownDeadline} (rule 9.2), registers the one JVM shutdown hook
 * ({@link JvmExitHook}) and starts the quiescence watcher ({@link QuiescenceWatcher}). Nothing
 * happens before the first call: loading or constructing the provider starts no thread and
 * registers no hook. Invalid settings throw {@link IllegalArgumentException} and install nothing,
 * so a later call retries (rule 9.1).
 *
 * <p>What only the global coordinator does lives here, not behind a flag in the general one:
 * <ul>
 *   <li>the last-thread hold (rule 4.11, as changed by rule 4.12): when the last registered
 *       platform thread of a shutdown of this coordinator, or of a coordinator attached to it
 *       (rule 2.7), ends, it waits until this coordinator's shutdown completes or its
 *       quiescence deadline is reported, whichever comes first, with no other bound
 *       ({@link #holdsLastThread}, {@link #holdLastThread}). Independent coordinators do not
 *       hold for a callback still running: nothing depends on them for JVM exit;</li>
 *   <li>the exit path ({@link #exitPath}): which of the hook and the watcher reports a missed
 *       deadline (rules 4.8 and 4.12);</li>
 *   <li>the watcher's wake-up when a coordinator is attached below it (rules 2.7 and 4.4).</li>
 * </ul>
 *
 * <p>The instance is static, one per class loader: several {@link ExecutorProvider} instances
 * (a ServiceLoader one, a TCK one) share it, so the JVM never gets two hooks or two watchers.
 *
 * <p><b>Thread-safety.</b> Installation runs under the class monitor; the instance is published
 * through a volatile field, so every caller sees a fully installed coordinator. The other state
 * is a CAS-set field and a volatile field written once before publication.
 */
final class GlobalCoordinator extends ExecutorCoordinator {

    private static volatile GlobalCoordinator instance;

    /** No one has claimed the report of a missed deadline yet. */
    static final int EXIT_PATH_NONE = 0;
    /** The hook started first: it waits for the shutdown and reports a missed deadline (rule 4.8). */
    static final int EXIT_PATH_HOOK = 1;
    /** The watcher reported the quiescence deadline first: the hook returns at once (rule 4.12). */
    static final int EXIT_PATH_DEADLINE_REPORTED = 2;

    /**
     * Who reports a missed deadline: {@link #EXIT_PATH_NONE} -> {@link #EXIT_PATH_HOOK} or ->
     * {@link #EXIT_PATH_DEADLINE_REPORTED}, once, by CAS ({@link #claimExitPath}), so that the
     * hook and the quiescence watcher never both wait for and report the deadline.
     */
    private final AtomicInteger exitPath = new AtomicInteger();
    /**
     * The quiescence watcher, once started; null if the hook could not be installed (the JVM was
     * already exiting). Written once by {@link #get} before the coordinator is published;
     * volatile so that an attach on any thread sees it.
     */
    private volatile Thread quiescenceWatcher;

    private GlobalCoordinator(CoordinatorSettings settings) {
        super(settings);
    }

    /**
     * Returns the global coordinator, installing it on the first call.
     *
     * @param additionalPropertyNames the provider's own property names (rule 9.3)
     * @return the coordinator
     * @throws IllegalArgumentException if the system properties hold invalid settings
     */
    static GlobalCoordinator get(Set<String> additionalPropertyNames) {
        GlobalCoordinator found = instance;
        if (found != null) {
            return found;
        }
        synchronized (GlobalCoordinator.class) {
            if (instance == null) {
                CoordinatorSettings settings = CoordinatorSettings.fromSystemProperties(additionalPropertyNames);
                warnIfTurnCanUseTheDeadline(settings);
                GlobalCoordinator created = new GlobalCoordinator(settings);
                if (JvmExitHook.install(created)) {
                    created.quiescenceWatcher = QuiescenceWatcher.start(created);
                }
                instance = created; // release: the hook and the watcher are installed first
            }
            return instance;
        }
    }

    /** Rule 9.2: printed once, at install, by the global coordinator only. */
    private static void warnIfTurnCanUseTheDeadline(CoordinatorSettings settings) {
        if (settings.callbackTimeout().compareTo(settings.shutdownDeadline()) >= 0) {
            DiagnosticCode.SETTINGS.report(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY + "="
                    + settings.callbackTimeout() + " is not shorter than " + CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY
                    + "=" + settings.shutdownDeadline() + ": on the JVM-exit path one blocked turn can use the whole"
                    + " shutdown deadline, and the threads registered before it are then never asked to terminate", null);
        }
    }

    /**
     * Claims the reporting of a missed deadline for the hook or for the quiescence watcher
     * (rules 4.8 and 4.12); see {@link #exitPath}.
     *
     * @param path {@link #EXIT_PATH_HOOK} or {@link #EXIT_PATH_DEADLINE_REPORTED}
     * @return whether the caller got it; {@code false} if the other path got it first
     */
    boolean claimExitPath(int path) {
        return exitPath.compareAndSet(EXIT_PATH_NONE, path);
    }

    /**
     * Returns the global coordinator's shutdown if {@code coordinator} is it or is attached to
     * it (transitively, rule 2.7) and that shutdown has begun; otherwise {@code null}. Reads
     * volatile fields only, takes no lock.
     */
    private static ShutdownRun heldBy(ExecutorCoordinator coordinator) {
        ExecutorCoordinator root = coordinator.root();
        return root instanceof GlobalCoordinator ? root.currentRun() : null;
    }

    /**
     * Whether the last thread of {@code coordinator} to end must hold even while a callback is
     * still running (rule 4.11): true under the global coordinator once its shutdown has begun.
     * That callback may well be the one that ended the thread, and without the hold the JVM
     * could start its hooks before it returns. Independent coordinators do not hold here: nothing
     * depends on them for JVM exit, and a callback waiting for its own thread's {@code Thread} to
     * die must not turn into an overrun. Called under {@code coordinator}'s registration lock;
     * takes no lock.
     *
     * @param coordinator the coordinator the thread was registered with
     * @return whether it must hold
     */
    static boolean holdsLastThread(ExecutorCoordinator coordinator) {
        return heldBy(coordinator) != null;
    }

    /**
     * If {@code coordinator} is under the global coordinator, holds the calling thread, without a
     * bound, until the global shutdown completes or its quiescence deadline is reported (rule
     * 4.11 as changed by rule 4.12), whichever comes first; interrupts do not cut the wait short.
     *
     * @param coordinator the coordinator the ending thread was registered with
     * @return whether it held; {@code false} if {@code coordinator} is independent of the
     *     global coordinator or that shutdown has not begun
     */
    static boolean holdLastThread(ExecutorCoordinator coordinator) {
        ShutdownRun global = heldBy(coordinator);
        if (global == null) {
            return false;
        }
        global.awaitHoldRelease();
        return true;
    }

    /**
     * Called after {@code parent} gained an attached child. If {@code parent} is under the global
     * coordinator, its watcher may be joining a thread of the child that no longer counts as a
     * blocker (rules 2.7 and 4.4): interrupting it makes it enumerate the threads afresh; it
     * still waits only by joining (rule 4.5). Nothing is done once the global shutdown has
     * begun: the watcher then waits for the deadline, not for blockers.
     *
     * @param parent the coordinator that attached a child
     */
    static void attachedBelow(ExecutorCoordinator parent) {
        ExecutorCoordinator root = parent.root();
        if (!(root instanceof GlobalCoordinator)) {
            return;
        }
        Thread watcher = ((GlobalCoordinator) root).quiescenceWatcher;
        if (watcher != null && root.phase() == CoordinatorPhase.OPEN) {
            watcher.interrupt();
        }
    }
}
