package io.github.terminable.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ThreadFactory;

/**
 * The plain-JDK way to make virtual threads, for the baselines: {@code Thread.ofVirtual().factory()},
 * looked up reflectively because the benchmarks compile with {@code --release 17}.
 *
 * <p>The lookup happens once; the returned {@link ThreadFactory} is the JDK's own, so calling it
 * costs exactly what {@code Thread.ofVirtual().unstarted(task)} costs.
 *
 * <p><b>Thread-safety.</b> Stateless; the JDK's factory is thread-safe.
 */
public final class VirtualThreadFactory {

    private VirtualThreadFactory() {
    }

    /**
     * Returns whether this runtime has virtual threads (Java 21 or newer).
     *
     * @return whether {@link #create()} succeeds
     */
    public static boolean isSupported() {
        return Runtime.version().feature() >= 21;
    }

    /**
     * Returns {@code Thread.ofVirtual().factory()}.
     *
     * @return a factory of unstarted virtual threads
     * @throws UnsupportedOperationException on a runtime older than Java 21
     */
    public static ThreadFactory create() {
        if (!isSupported()) {
            throw new UnsupportedOperationException("virtual threads need Java 21 or newer; this is Java "
                    + Runtime.version() + " (run the platform-thread parameters only: -p kind=platform)");
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Thread.ofVirtual().factory() failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Thread.ofVirtual() not found on Java " + Runtime.version(), e);
        }
    }
}
