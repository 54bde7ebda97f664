package io.github.terminable.reference;

import java.lang.ref.Cleaner;
import java.util.concurrent.ThreadFactory;

/**
 * Terminates threads whose owner has become unreachable (rule 2.6), the Java analogue of
 * Python's {@code weakref.finalize}.
 *
 * <p>A thread is tracked from its creation, so an owner that becomes unreachable before
 * {@code start()} has the effect of a request made before {@code start()} (rule 1.4). The
 * cleaning action only makes the request; the callback runs on a terminator (rule 1.8).
 *
 * <p>One {@link Cleaner}, and so one daemon cleaner thread, per provider, created on first use.
 * The cleaning action holds the terminable thread, never the owner, so registering does not keep
 * the owner reachable. When a thread ends first, its registration is cleaned at once (the action
 * then finds the thread ended and does nothing), so the cleaner retains nothing for ended threads
 * (rule 2.2).
 *
 * <p><b>Thread-safety.</b> Safe from any thread; the cleaner is published through a volatile
 * field with double-checked locking.
 */
final class OwnerCleaner {

    private volatile Cleaner cleaner;

    /**
     * Arranges for {@code thread} to be asked to terminate once {@code owner} is unreachable.
     *
     * @param owner the owner; not retained
     * @param thread the thread to terminate
     * @return the registration, to {@linkplain Cleaner.Cleanable#clean() clean} when the thread ends
     */
    Cleaner.Cleanable track(Object owner, ReferenceTerminableThread thread) {
        return cleaner().register(owner, new OwnerGone(thread));
    }

    private Cleaner cleaner() {
        Cleaner c = cleaner;
        if (c == null) {
            synchronized (this) {
                c = cleaner;
                if (c == null) {
                    ThreadFactory factory = task -> Terminator.newDaemon("terminable-owner-cleaner", task);
                    c = Cleaner.create(factory);
                    cleaner = c;
                }
            }
        }
        return c;
    }

    /** The cleaning action: it must not refer to the owner, or the owner would never be collected. */
    private static final class OwnerGone implements Runnable {
        private final ReferenceTerminableThread thread;

        OwnerGone(ReferenceTerminableThread thread) {
            this.thread = thread;
        }

        @Override
        public void run() {
            thread.terminate(); // a no-op if the thread has already ended (rule 1.5)
        }
    }
}
