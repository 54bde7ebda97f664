package io.github.terminable.executor;

import java.lang.ref.Cleaner;

/**
 * Terminates a thread once its owner becomes unreachable (rule 2.6): the analogue of Python's
 * {@code weakref.finalize}, built on {@link Cleaner}.
 *
 * <p>The cleaning action holds the terminable thread, never the owner, so registering does not
 * keep the owner alive. When the thread ends first, it calls {@link Cleaner.Cleanable#clean()}:
 * the action then finds the thread ended, does nothing, and the {@link Cleaner} drops the
 * registration, so retained memory stays bounded by live threads (rule 2.2).
 *
 * <p>The one {@link Cleaner} (and its daemon thread) is created on first use, never by merely
 * loading the provider (rule 4.1). The cleaner thread only <em>requests</em> termination; the
 * callback itself runs on the coordinator's terminator as usual (rule 1.8).
 *
 * <p><b>Thread-safety.</b> {@link Cleaner} is thread-safe.
 */
final class OwnerWatch {

    private OwnerWatch() {
    }

    /** Lazy holder: the Cleaner thread starts with the first owner, not before. */
    private static final class Holder {
        static final Cleaner CLEANER = Cleaner.create(InternalThreads.daemonFactory("terminable-owner-cleaner"));
    }

    /**
     * Watches {@code owner} on behalf of {@code thread}.
     *
     * @param owner the owner; held only through the Cleaner's phantom reference
     * @param thread the thread to terminate when the owner becomes unreachable
     * @return the registration, to clean when the thread ends
     */
    static Cleaner.Cleanable watch(Object owner, ExecutorThread thread) {
        return Holder.CLEANER.register(owner, new OwnerGone(thread));
    }

    /** A static class, so the action cannot capture the owner by accident. */
    private static final class OwnerGone implements Runnable {
        private final ExecutorThread thread;

        OwnerGone(ExecutorThread thread) {
            this.thread = thread;
        }

        @Override
        public void run() {
            thread.terminate(); // a no-op if the thread has already ended (rule 1.5)
        }
    }
}
