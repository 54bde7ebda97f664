package io.github.terminable.executor;

import io.github.terminable.TerminableThread;

import java.util.Optional;

/**
 * Answers {@link TerminableThread#current()} (rule 1.11).
 *
 * <p><b>Overview.</b> A platform terminable thread, and a loop's thread, is a {@link Carrier}: a
 * {@link Thread} subclass that holds its handle, so the look-up is one {@code instanceof} on
 * {@link Thread#currentThread()}, and starting a thread costs no allocation and no thread-local
 * map. A virtual thread cannot be subclassed; its body publishes its handle in a
 * {@link ThreadLocal} for the duration of the body ({@link #enterVirtual}/{@link #exitVirtual}).
 * Every other thread (plain threads, and the implementation's own terminators, watchdog,
 * watcher, hook and cleaner, which are plain {@code Thread}s) gets an empty optional.
 *
 * <p><b>Thread-safety.</b> The carrier's handle is final; the thread-local is per thread.
 */
final class CurrentThread {

    private static final ThreadLocal<ExecutorThread> VIRTUAL = new ThreadLocal<>();

    private CurrentThread() {
    }

    /** A platform thread that knows its terminable handle. */
    static final class Carrier extends Thread {
        private final ExecutorThread handle;

        Carrier(ExecutorThread handle, Runnable target, String name) {
            super(target, name);
            this.handle = handle;
        }
    }

    /**
     * Returns the terminable thread the caller runs on.
     *
     * @return its handle, or empty
     */
    static Optional<TerminableThread> current() {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            return Optional.of(((Carrier) t).handle);
        }
        return Optional.ofNullable(VIRTUAL.get());
    }

    /** Publishes {@code handle} on the calling virtual thread, for its body. */
    static void enterVirtual(ExecutorThread handle) {
        VIRTUAL.set(handle);
    }

    /** Withdraws what {@link #enterVirtual} published. */
    static void exitVirtual() {
        VIRTUAL.remove();
    }
}
