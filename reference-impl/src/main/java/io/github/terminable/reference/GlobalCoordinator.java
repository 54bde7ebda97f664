package io.github.terminable.reference;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownTrigger;

import io.github.terminable.spi.DiagnosticCode;
import java.util.Set;

/**
 * The JVM-wide coordinator (section 4): a {@link ReferenceCoordinator} with the JVM's triggers,
 * the hold of rule 4.11, and its lazy installation (rule 4.1).
 *
 * <p><b>Why a subclass.</b> The JVM-wide coordinator is a coordinator in every respect (same
 * registry, phase machine and API; rule 2.5: it differs from an independent one only in its
 * triggers), so composition would forward the whole {@code TerminationCoordinator} interface
 * for nothing. What differs is confined to two hooks of the base class, both asked of the root
 * of an attachment tree: {@link #quiescenceHold()} (the last thread's hold) and
 * {@link #descendantAttached()} (the watcher re-judges); plus the state of the exit paths
 * ({@link #jvmExiting}) and their deadline report ({@link #reportMissedDeadline}).
 *
 * <p><b>Installation.</b> On the first call to {@link #get}: reads
 * {@link CoordinatorSettings#fromSystemProperties(Set)} with the provider's additional property
 * names (rule 9.3; an invalid property throws {@link IllegalArgumentException} and installs
 * nothing, so a later call retries), prints {@code TERMINABLE-SETTINGS} once if
 * {@code callbackTimeout >= shutdownDeadline} (rule 9.2), creates the coordinator, registers
 * exactly one JVM shutdown hook ({@link JvmExitHook}) and starts the {@link QuiescenceWatcher}.
 * There is one JVM-wide coordinator per class loader of this class, whatever the number of
 * provider instances. If the JVM is already shutting down when the coordinator is first asked
 * for (for instance from another library's shutdown hook), no hook can be added: the coordinator
 * is then returned with its shutdown already begun (trigger {@code JVM_EXIT}), so registrations
 * are rejected instead of starting threads nobody would terminate.
 *
 * <p><b>Thread-safety.</b> Safe from any thread; installation happens once, under the class's
 * lock, and the coordinator is published through a volatile field.
 */
final class GlobalCoordinator extends ReferenceCoordinator {

    /*
     * State, besides the base class's.
     *
     *   installed (static): null --first get(), under the class lock--> the coordinator; never reset
     *   watcher:            null --install, before the coordinator is published--> the watcher
     *                       (stays null if the JVM was already exiting: no trigger but JVM_EXIT)
     *   jvmExiting:         false --JvmExitHook starts--> true (the hook path applies, rule 4.12)
     *
     * The hold (rule 4.11). On the quiescence path the JVM begins its own shutdown sequence as
     * soon as the last non-daemon thread ends, while the turns, callbacks and listener deliveries
     * still run on daemon terminator threads. So during a shutdown begun by QUIESCENCE, a platform
     * thread that is the last unit of its coordinator to end (this coordinator, or one attached
     * below it, rule 2.7) stays alive (ReferenceCoordinator.threadEnded asks quiescenceHold() of
     * the root of the attachment tree) until the shutdown's hold opens: at completion, or when
     * its missed deadline has been reported (reportMissedDeadline, by the watcher or the hook;
     * rule 4.12). Either reporter waits shutdownDeadline at most (from the shutdown's start, or
     * from the hook's), so the hold is bounded. No other path holds: under an independent root,
     * or after JVM_EXIT or EXPLICIT, nothing is sure to release it, and a hold could keep the JVM
     * alive on its own (for example behind an attached coordinator whose virtual thread never
     * ends).
     */

    private static volatile GlobalCoordinator installed;

    /** The quiescence trigger, or null if the JVM was already exiting at installation. */
    private volatile QuiescenceWatcher watcher;
    /** Set when the JVM exit hook has begun: the hook path applies (rule 4.12). */
    volatile boolean jvmExiting;

    private GlobalCoordinator(CoordinatorSettings settings, ReferenceProvider provider) {
        super(settings, provider);
    }

    /**
     * Returns the JVM-wide coordinator, installing it first if needed.
     *
     * @param provider the provider, whose owner cleaner its threads use
     * @param additionalPropertyNames the provider's declared properties (rule 9.3)
     * @return the JVM-wide coordinator
     * @throws IllegalArgumentException if the system properties hold invalid settings (rule 9.1)
     */
    static GlobalCoordinator get(ReferenceProvider provider, Set<String> additionalPropertyNames) {
        GlobalCoordinator c = installed;
        if (c != null) {
            return c;
        }
        synchronized (GlobalCoordinator.class) {
            if (installed == null) {
                installed = install(provider, additionalPropertyNames);
            }
            return installed;
        }
    }

    private static GlobalCoordinator install(ReferenceProvider provider, Set<String> additionalPropertyNames) {
        CoordinatorSettings settings = CoordinatorSettings.fromSystemProperties(additionalPropertyNames);
        if (settings.callbackTimeout().compareTo(settings.shutdownDeadline()) >= 0) {
            DiagnosticCode.SETTINGS.report(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY + "="
                    + settings.callbackTimeout() + " is not shorter than " + CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY
                    + "=" + settings.shutdownDeadline() + ": on the JVM-exit path one blocked turn can use the whole"
                    + " shutdown deadline", null);
        }
        GlobalCoordinator coordinator = new GlobalCoordinator(settings, provider);
        try {
            Runtime.getRuntime().addShutdownHook(new JvmExitHook(coordinator).thread());
        } catch (IllegalStateException jvmAlreadyExiting) {
            coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT);
            return coordinator;
        }
        QuiescenceWatcher w = new QuiescenceWatcher(coordinator, settings.reportKeepAliveThreads());
        coordinator.watcher = w;
        w.start();
        return coordinator;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: the shutdown, if it was begun by quiescence (see the state comment, the hold).
     */
    @Override
    ReferenceShutdownCompletion quiescenceHold() {
        ReferenceShutdownCompletion c = completion();
        return c != null && c.trigger() == ShutdownTrigger.QUIESCENCE ? c : null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: the watcher re-judges its blockers, since the attached coordinator's running
     * threads no longer count (rules 2.7 and 4.4).
     */
    @Override
    void descendantAttached() {
        QuiescenceWatcher w = watcher;
        if (w != null) {
            w.recheck();
        }
    }

    /**
     * Reports a missed {@code shutdownDeadline} of the JVM-wide paths (rules 4.8 and 4.12) through
     * the {@link Reporter}, then releases the hold of rule 4.11. The caller has claimed the report
     * ({@link ReferenceShutdownCompletion#claimDeadlineReport()}).
     *
     * @param c the shutdown
     * @param consequence what happens next, for the diagnostic
     */
    void reportMissedDeadline(ReferenceShutdownCompletion c, String consequence) {
        try {
            reporter.missedShutdownDeadline(c, settings().shutdownDeadline(), consequence);
        } finally {
            c.releaseHold();
        }
    }
}
