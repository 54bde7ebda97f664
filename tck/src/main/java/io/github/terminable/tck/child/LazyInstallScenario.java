package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lazy, once-only installation of the global coordinator and validation of its settings
 * (rules 4.1 and 9.1). Started with an invalid {@code io.github.terminable.callbackTimeout}
 * (mode {@code lazy}) or an unknown {@code io.github.terminable.*} property (mode
 * {@code unknown-property}).
 *
 * <p>Mode {@code lazy} prints, in order: what looking up the provider and using an independent
 * coordinator installed ({@code BEFORE-INSTALL hooks=<n> threads=<n>}), what the first
 * {@code global()} call threw with the invalid setting ({@code INVALID <exception>}), what that
 * installed ({@code AFTER-INVALID hooks=<n> threads=<n>}), and, after fixing the property and
 * racing four first calls, {@code INSTALLED same=<bool> hooks=<n> daemons=<n> nonDaemons=<n>
 * phase=<phase>}.
 */
public final class LazyInstallScenario {

    private LazyInstallScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args the mode
     * @throws Exception if the scenario fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("unknown-property")) {
            try {
                Terminables.global();
                say("INSTALLED despite an unknown property");
            } catch (IllegalArgumentException e) {
                say("REJECTED " + e.getMessage());
            }
            return;
        }
        int hooks0 = ScenarioSupport.hookCount();
        Set<Thread> threads0 = ScenarioSupport.liveThreads();
        TerminableProvider provider = Terminables.provider();
        TerminationCoordinator independent = provider.newCoordinator(CoordinatorSettings.defaults());
        independent.shutdown();
        say("BEFORE-INSTALL hooks=" + (ScenarioSupport.hookCount() - hooks0) + " threads=" + settledNewThreads(threads0).size());

        try {
            provider.globalCoordinator();
            say("INVALID none");
        } catch (IllegalArgumentException e) {
            say("INVALID " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        say("AFTER-INVALID hooks=" + (ScenarioSupport.hookCount() - hooks0) + " threads=" + settledNewThreads(threads0).size());

        System.setProperty(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, "2s");
        List<TerminationCoordinator> seen = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    seen.add(Terminables.global());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tck-first-caller-" + i);
            t.start();
            callers.add(t);
        }
        go.countDown();
        for (Thread t : callers) {
            t.join();
        }
        TerminationCoordinator global = provider.globalCoordinator();
        boolean same = seen.size() == 4 && seen.stream().allMatch(c -> c == global) && Terminables.global() == global;
        Set<Thread> added = newThreads(threads0);
        long daemons = added.stream().filter(Thread::isDaemon).count();
        say("INSTALLED same=" + same + " hooks=" + (ScenarioSupport.hookCount() - hooks0) + " daemons=" + daemons
                + " nonDaemons=" + (added.size() - daemons) + " phase=" + global.phase());
    }

    /** New threads still alive after giving short-lived helpers up to two seconds to end. */
    private static Set<Thread> settledNewThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + ScenarioSupport.scaledMillis(2000) * 1_000_000L;
        while (true) {
            Set<Thread> now = newThreads(before);
            long left = deadline - System.nanoTime();
            if (now.isEmpty() || left <= 0) {
                return now;
            }
            // Join one of them for the rest of the grace period: its end wakes this at once.
            now.iterator().next().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = ScenarioSupport.liveThreads();
        now.removeAll(before);
        now.removeIf(t -> t.getName().startsWith("tck-first-caller-") || !t.isAlive());
        return now;
    }
}
