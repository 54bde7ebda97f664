package io.github.terminable.reference.scenarios;

import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Nothing is installed before the first globalCoordinator() call; that call, made by several
 * threads at once, installs one watcher and one hook (rule 4.1). Needs
 * --add-opens java.base/java.lang=ALL-UNNAMED to count the hooks.
 */
public final class LazyInstall {
    public static void main(String[] args) throws Exception {
        Terminables.provider();
        Terminables.newCoordinator();
        System.out.println("BEFORE threads=" + terminableThreads() + " hooks=" + terminableHooks());
        CountDownLatch go = new CountDownLatch(1);
        Map<TerminationCoordinator, Boolean> seen = new ConcurrentHashMap<>();
        Thread[] callers = new Thread[4];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                seen.put(Terminables.global(), true);
            });
            callers[i].start();
        }
        go.countDown();
        for (Thread t : callers) {
            t.join();
        }
        System.out.println("AFTER threads=" + terminableThreads() + " hooks=" + terminableHooks() + " instances="
                + seen.size());
    }

    static long terminableThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("terminable-")).count();
    }

    static long terminableHooks() throws Exception {
        Field hooks = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
        hooks.setAccessible(true);
        Map<?, ?> map = (Map<?, ?>) hooks.get(null);
        synchronized (Class.forName("java.lang.ApplicationShutdownHooks")) {
            return map.keySet().stream().filter(t -> ((Thread) t).getName().startsWith("terminable-")).count();
        }
    }
}
