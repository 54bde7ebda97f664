package io.github.terminable.tck.child;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;
import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.TckTime;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * What every scenario program shares: line output, the JVM's shutdown-hook registry (read
 * reflectively; the child is started with {@code --add-opens java.base/java.lang=ALL-UNNAMED}),
 * and printing workers and listeners.
 *
 * <p>Output lines (one event per line, flushed at once):
 * <ul>
 *   <li>{@code CALLBACK <name> thread=<callback thread> daemon=<bool> hook=<bool>}</li>
 *   <li>{@code ENDED <name>}</li>
 *   <li>{@code PHASE <from> <to> <trigger>}, {@code RECORD <name> <outcome>},
 *       {@code OVERRAN <name>}, {@code DEADLINE-MISSED <unfinished count>}</li>
 * </ul>
 */
final class ScenarioSupport {

    /** Shutdown-hook threads of the JVM, captured by {@link #captureHookThreads()}. */
    static volatile Set<Thread> hookThreads = Set.of();

    private ScenarioSupport() {
    }

    /**
     * The scenario's mode: its first argument, the name of one of {@code modes}' constants.
     *
     * @throws IllegalArgumentException naming the accepted modes, if the argument is missing or
     *         names none of them
     */
    static <M extends Enum<M>> M mode(Class<M> modes, String[] args) {
        if (args.length > 0) {
            for (M mode : modes.getEnumConstants()) {
                if (mode.name().equals(args[0])) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("the first argument must name a " + modes.getName() + ", one of "
                + java.util.Arrays.toString(modes.getEnumConstants()) + "; got "
                + (args.length == 0 ? "no argument" : "'" + args[0] + "'"));
    }

    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /** Returns the registered application shutdown hooks, or null if they cannot be read. */
    @SuppressWarnings("unchecked")
    static Set<Thread> readHookThreads() {
        try {
            Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
            Field field = hooks.getDeclaredField("hooks");
            field.setAccessible(true);
            synchronized (hooks) {
                Map<Thread, Thread> map = (Map<Thread, Thread>) field.get(null);
                if (map == null) {
                    return null;
                }
                Set<Thread> copy = Collections.newSetFromMap(new IdentityHashMap<>());
                copy.addAll(map.keySet());
                return copy;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            say("HOOKS-UNAVAILABLE " + e);
            return null;
        }
    }

    static int hookCount() {
        Set<Thread> hooks = readHookThreads();
        return hooks == null ? -1 : hooks.size();
    }

    static void captureHookThreads() {
        Set<Thread> hooks = readHookThreads();
        if (hooks != null) {
            hookThreads = hooks;
        }
    }

    static Set<Thread> liveThreads() {
        Set<Thread> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(Thread.getAllStackTraces().keySet());
        return live;
    }

    /** A callback that reports where it runs, then interrupts the thread. */
    static TerminationCallback printingCallback(String name) {
        return thread -> {
            Thread me = Thread.currentThread();
            say("CALLBACK " + name + " thread=" + me.getName() + " daemon=" + me.isDaemon() + " hook="
                    + hookThreads.contains(me));
            thread.thread().interrupt();
        };
    }

    /** A body that waits until interrupted and reports its end. */
    static Runnable waitingBody(String name) {
        return () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // asked to stop
            } finally {
                say("ENDED " + name);
            }
        };
    }

    static TerminableThread worker(TerminationCoordinator c, String name) {
        return c.threadBuilder().name(name).onTerminate(printingCallback(name)).start(waitingBody(name));
    }

    static void addPrintingListener(TerminationCoordinator c) {
        addPrintingListener(c, "");
    }

    /** Adds a listener that prints every event, each line beginning with {@code prefix}. */
    static void addPrintingListener(TerminationCoordinator c, String prefix) {
        c.addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                say(prefix + "PHASE " + from + " " + to + " " + trigger);
            }

            @Override
            public void terminated(TerminationRecord record) {
                say(prefix + "RECORD " + record.threadName() + " " + record.outcome());
            }

            @Override
            public void overran(String threadName, Duration bound) {
                say(prefix + "OVERRAN " + threadName);
            }

            @Override
            public void deadlineMissed(ShutdownReport report) {
                say(prefix + "DEADLINE-MISSED " + report.unfinished().size());
            }
        });
    }

    /**
     * A worker whose end takes a while: its callback prints {@code CALLBACK <name> ...} and
     * interrupts it; its body then spends {@code endMillis} (scaled) before printing
     * {@code ENDED <name>} and returning, as a thread with a slow cleanup would.
     */
    static TerminableThread slowWorker(TerminationCoordinator c, String name, long endMillis) {
        Runnable waiting = () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // asked to stop: clean up slowly
            }
            pause(endMillis);
            say("ENDED " + name);
        };
        return c.threadBuilder().name(name).onTerminate(printingCallback(name)).start(waiting);
    }

    /**
     * Spends {@code baseMillis} (scaled by the time factor), ignoring interrupts: the model of
     * cleanup work that takes time. Never used to wait for another thread.
     */
    static void pause(long baseMillis) {
        SimulatedWork.takesUninterruptibly(Duration.ofMillis(scaledMillis(baseMillis)));
    }

    /** Blocks the calling thread for good, ignoring interrupts. */
    static void blockForever() {
        while (true) {
            try {
                SimulatedWork.untilInterrupted();
            } catch (InterruptedException e) {
                // deliberately ignored: this models code that never returns
            }
        }
    }

    /** Adds a JVM shutdown hook that prints {@code JVM-HOOK phase=<phase> live=<n>} for {@code c}. */
    static void addPrintingHook(TerminationCoordinator c) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> say("JVM-HOOK phase=" + c.phase() + " live="
                + c.liveThreads().size()), "tck-user-hook"));
    }

    /** Prints the ignored-signal mask of this process (Linux), so that the parent can tell. */
    static void printIgnoredSignals() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    say("SIGIGN " + line.substring("SigIgn:".length()).trim());
                }
            }
        } catch (Exception e) {
            say("SIGIGN unknown");
        }
    }

    static long scaledMillis(long base) {
        return TckTime.millis(base).toMillis(); // the parent passes its factor to every child
    }
}
