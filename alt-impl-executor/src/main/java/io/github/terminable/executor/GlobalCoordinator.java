package io.github.terminable.executor;

import io.github.terminable.CoordinatorSettings;

import java.util.Set;

/**
 * Holds the JVM-wide coordinator of this implementation and installs it on first use (rule 4.1).
 *
 * <p><b>Overview.</b> Installation reads {@link CoordinatorSettings#fromSystemProperties(Set)}
 * with the provider's own property names (rule 9.3), warns with {@code TERMINABLE-SETTINGS} when
 * {@code callbackTimeout >= shutdownDeadline} (rule 9.2),
 * registers the one JVM shutdown hook ({@link JvmExitHook}) and starts the quiescence watcher
 * ({@link QuiescenceWatcher}). Nothing happens before the first call: loading or constructing the
 * provider starts no thread and registers no hook. Invalid settings throw
 * {@link IllegalArgumentException} and install nothing, so a later call retries (rule 9.1).
 *
 * <p>The coordinator is static, one per class loader: several {@link ExecutorProvider} instances
 * (a ServiceLoader one, a TCK one) share it, so the JVM never gets two hooks or two watchers.
 *
 * <p><b>Thread-safety.</b> Installation runs under the class monitor; the instance is published
 * through a volatile field, so every caller sees a fully installed coordinator.
 */
final class GlobalCoordinator {

    private static volatile ExecutorCoordinator instance;

    private GlobalCoordinator() {
    }

    /**
     * Returns the JVM-wide coordinator, installing it on the first call.
     *
     * @param additionalPropertyNames the provider's own property names (rule 9.3)
     * @return the coordinator
     * @throws IllegalArgumentException if the system properties hold invalid settings
     */
    static ExecutorCoordinator get(Set<String> additionalPropertyNames) {
        ExecutorCoordinator found = instance;
        if (found != null) {
            return found;
        }
        synchronized (GlobalCoordinator.class) {
            if (instance == null) {
                CoordinatorSettings settings = CoordinatorSettings.fromSystemProperties(additionalPropertyNames);
                warnIfTurnCanUseTheDeadline(settings);
                ExecutorCoordinator created = new ExecutorCoordinator(settings, true);
                if (JvmExitHook.install(created)) {
                    created.quiescenceWatcher(QuiescenceWatcher.start(created));
                }
                instance = created; // release: the hook and the watcher are installed first
            }
            return instance;
        }
    }

    /** Rule 9.2: printed once, at install, by the JVM-wide coordinator only. */
    private static void warnIfTurnCanUseTheDeadline(CoordinatorSettings settings) {
        if (settings.callbackTimeout().compareTo(settings.shutdownDeadline()) >= 0) {
            Diagnostics.report(Diagnostics.SETTINGS, CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY + "="
                    + settings.callbackTimeout() + " is not shorter than " + CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY
                    + "=" + settings.shutdownDeadline() + ": on the JVM-exit path one blocked turn can use the whole"
                    + " shutdown deadline, and the threads registered before it are then never asked to terminate", null);
        }
    }
}
