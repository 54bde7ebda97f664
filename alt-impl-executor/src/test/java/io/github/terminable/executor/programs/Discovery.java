package io.github.terminable.executor.programs;

import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;

/**
 * Child program: finds the provider through the API's ServiceLoader lookup and prints what it
 * found, and whether the global coordinator's watcher exists before and after the first
 * {@code global()} call (rule 4.1).
 */
public final class Discovery {

    private Discovery() {
    }

    public static void main(String[] args) {
        TerminableProvider provider = Terminables.provider();
        Terminables.newCoordinator().shutdown();
        System.out.println("provider " + provider.name() + " " + provider.getClass().getName());
        System.out.println("provider-module-named " + provider.getClass().getModule().isNamed());
        System.out.println("watcher-before-global " + watcherExists());
        Terminables.global();
        System.out.println("watcher-after-global " + watcherExists());
    }

    private static boolean watcherExists() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().endsWith("-quiescence-watcher"));
    }
}
