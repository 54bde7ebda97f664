package io.github.terminable.executor;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the implementation's own helper executors: the threads of each {@link Terminator}
 * (explicit requests, shutdown), and the threads of the callback watchdog.
 *
 * <p>Each is a {@link ThreadPoolExecutor} with at most one <em>daemon</em> thread, an unbounded
 * FIFO queue, and a core thread that times out when idle. Helpers are daemon because they must
 * never keep the JVM alive (rule 4.2 counts only non-daemon threads); the terminable threads they
 * serve are non-daemon, so the JVM still waits for the work that matters (rule 1.8). Nothing is
 * started until the first task is submitted (rule 4.1).
 *
 * <p><b>Thread-safety.</b> Stateless factory methods; the executors are thread-safe.
 */
final class InternalThreads {

    /**
     * How long an idle helper thread lingers before it ends. Short, so that a coordinator that is
     * no longer used holds no thread; a helper is re-created cheaply on its next task.
     */
    static final long IDLE_MILLIS = 100;

    private InternalThreads() {
    }

    /**
     * Creates a single-thread daemon executor whose thread is named {@code name}, with a
     * {@code -n} suffix for every thread after the first.
     *
     * @param name the thread name
     * @return the executor; its thread starts with its first task
     */
    static ThreadPoolExecutor singleDaemon(String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, IDLE_MILLIS, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonFactory(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Returns a factory for daemon threads named {@code name}, {@code name-2}, {@code name-3}...
     *
     * @param name the base name
     * @return the factory
     */
    static ThreadFactory daemonFactory(String name) {
        return new DaemonFactory(name);
    }

    /** The factory of {@link #daemonFactory}; a named class, so no lambda is linked. */
    private static final class DaemonFactory implements ThreadFactory {
        private final String name;
        private final AtomicInteger created = new AtomicInteger();

        DaemonFactory(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable task) {
            int n = created.incrementAndGet();
            return newDaemon(task, n == 1 ? name : name + "-" + n);
        }
    }

    /**
     * Creates an unstarted implementation-owned thread: daemon (rule 1.8), without the
     * creator's inheritable thread-locals, and with the system class loader as its context class
     * loader, so that a helper created from an application thread in a container pins neither
     * that application's class loader nor its thread-local values (spec, Security Implications).
     *
     * @param task what the thread runs
     * @param name its name
     * @return the unstarted thread
     */
    static Thread newDaemon(Runnable task, String name) {
        Thread t = new Thread(null, task, name, 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(ClassLoader.getSystemClassLoader());
        return t;
    }
}
