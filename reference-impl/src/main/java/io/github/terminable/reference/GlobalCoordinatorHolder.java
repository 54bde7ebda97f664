package io.github.terminable.reference;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownTrigger;

import java.util.Set;

/**
 * Installs the JVM-wide coordinator lazily, on the first call to {@link #get} (rule 4.1).
 *
 * <p>Installation reads {@link CoordinatorSettings#fromSystemProperties(Set)} with the provider's
 * additional property names (rule 9.3; an invalid property throws
 * {@link IllegalArgumentException} and installs nothing, so a later call retries), prints
 * {@code TERMINABLE-SETTINGS} once if {@code callbackTimeout >= shutdownDeadline} (rule 9.2),
 * creates the coordinator, registers exactly one JVM shutdown hook ({@link JvmExitHook}) and
 * starts the {@link QuiescenceWatcher}. There is one JVM-wide coordinator per class loader of this class,
 * whatever the number of provider instances.
 *
 * <p>If the JVM is already shutting down when the coordinator is first asked for (for instance
 * from another library's shutdown hook), no hook can be added: the coordinator is then returned
 * with its shutdown already begun (trigger {@code JVM_EXIT}), so registrations are rejected
 * instead of starting threads nobody would terminate.
 *
 * <p><b>Thread-safety.</b> Safe from any thread; installation happens once, under the class's
 * lock, and the coordinator is published through a volatile field.
 */
final class GlobalCoordinatorHolder {

    private static volatile ReferenceCoordinator global;
    private static volatile QuiescenceWatcher watcher;

    private GlobalCoordinatorHolder() {
    }

    /**
     * Returns the JVM-wide coordinator, installing it first if needed.
     *
     * @param provider the provider, whose owner cleaner its threads use
     * @param additionalPropertyNames the provider's declared properties (rule 9.3)
     * @return the JVM-wide coordinator
     * @throws IllegalArgumentException if the system properties hold invalid settings (rule 9.1)
     */
    static ReferenceCoordinator get(ReferenceProvider provider, Set<String> additionalPropertyNames) {
        ReferenceCoordinator c = global;
        if (c != null) {
            return c;
        }
        synchronized (GlobalCoordinatorHolder.class) {
            if (global == null) {
                global = install(provider, additionalPropertyNames);
            }
            return global;
        }
    }

    /** A coordinator was attached under the JVM-wide one: the watcher re-judges (rule 2.7). */
    static void attachedToGlobal() {
        QuiescenceWatcher w = watcher;
        if (w != null) {
            w.recheck();
        }
    }

    /** Returns the coordinator if it has been installed, else {@code null}; never installs. */
    static ReferenceCoordinator installedOrNull() {
        return global;
    }

    private static ReferenceCoordinator install(ReferenceProvider provider, Set<String> additionalPropertyNames) {
        CoordinatorSettings settings = CoordinatorSettings.fromSystemProperties(additionalPropertyNames);
        if (settings.callbackTimeout().compareTo(settings.shutdownDeadline()) >= 0) {
            Diagnostics.report(Diagnostics.SETTINGS, CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY + "="
                    + settings.callbackTimeout() + " is not shorter than " + CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY
                    + "=" + settings.shutdownDeadline() + ": on the JVM-exit path one blocked turn can use the whole"
                    + " shutdown deadline", null);
        }
        ReferenceCoordinator coordinator = new ReferenceCoordinator(settings, provider, true);
        try {
            Runtime.getRuntime().addShutdownHook(new JvmExitHook(coordinator).thread());
        } catch (IllegalStateException jvmAlreadyExiting) {
            coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT);
            return coordinator;
        }
        QuiescenceWatcher w = new QuiescenceWatcher(coordinator, settings.reportKeepAliveThreads());
        watcher = w;
        w.start();
        return coordinator;
    }
}
