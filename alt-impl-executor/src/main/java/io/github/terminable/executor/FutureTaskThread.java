package io.github.terminable.executor;

import io.github.terminable.TerminationCallback;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain terminable thread (from {@code threadBuilder()}): its body runs as a
 * {@link FutureTask} directly on its own {@link Thread}, with no executor in between.
 *
 * <p><b>Overview.</b> The underlying thread's target is the thread's {@link Body}, a
 * {@code FutureTask} that runs the body once. Its completion is the end of the terminable
 * thread: {@link #join} is {@link FutureTask#get(long, TimeUnit)}, whose waiters exist only
 * while someone waits. The body's outcome goes to {@code set}/{@code setException}, which
 * record it before they wake the waiters; both are overridden to make the ENDED transition and the
 * deregistration first (rule 2.2), so a {@code join} that returns {@code true} sees both. After
 * the task, the thread releases its owner tracking, holds the JVM if it is the last thread of a
 * shutdown (rule 4.11), and finally rethrows what the body threw, so the body's exception reaches
 * the thread's uncaught-exception handler exactly as for a plain {@code Thread} (rule 1.1).
 *
 * <p>A plain {@code Thread} keeps an interrupt delivered after {@code Thread.start()}, and
 * running the body does not clear it, so a callback only has to wait until the thread was
 * started (rules 1.1 and 1.7).
 *
 * <p>Per live thread this retains this object and its {@code Body}; the thread is its own node
 * in the coordinator's {@link Registry}, so registering allocates nothing (rule 2.2; measured in
 * benchmarks/RESULTS.md, "Row 4 — memory").
 *
 * <p><b>Thread-safety.</b> As {@link ExecutorThread}. <b>Memory consistency:</b> as
 * {@link FutureTask}: the body's actions <i>happen-before</i> {@code get} returns.
 */
final class FutureTaskThread extends ExecutorThread {

    private final Thread thread;
    private final Body body;
    /**
     * The user's body until it has run (then null, as FutureTask clears its callable). Kept here,
     * not in the inner {@link Body}, where it would cost a field beyond the object's alignment.
     * Written before {@code Thread.start()}, read and cleared by the thread itself.
     */
    private Runnable task;

    /**
     * Creates a thread in state NEW.
     *
     * @param coordinator the coordinator it registers with on start
     * @param name its name
     * @param virtual whether its {@link Thread} is virtual
     * @param callback its termination callback
     * @param body what it runs
     * @param owner its owner, or {@code null} if it has none
     * @param awaitedInTurn whether its terminate-phase turn waits for it to end (rule 3.11)
     */
    FutureTaskThread(ExecutorCoordinator coordinator, String name, boolean virtual, TerminationCallback callback,
                     Runnable body, OwnerReference owner, boolean awaitedInTurn) {
        super(coordinator, name, callback, owner, awaitedInTurn);
        this.task = body;
        this.body = new Body();
        this.thread = newUnderlyingThread(this, name, virtual, this.body);
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    void launchFailed() {
        body.neverRan();
    }

    @Override
    boolean awaitEnded(long nanos) throws InterruptedException {
        try {
            body.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException bodyThrew) {
            return true;
        } catch (TimeoutException notYet) {
            return false;
        }
    }

    /** The body as the thread's task; see the class overview. */
    private final class Body extends FutureTask<Void> {
        /** What {@link #bodyEnded()} decided; written and read by the running thread only. */
        private ExecutorCoordinator.AfterEnd afterEnd;

        Body() {
            super(NeverCalled.INSTANCE);
        }

        /**
         * What {@code FutureTask.run} does, minus the callable adapter that a {@code Runnable}
         * would need (one object less per live thread; see benchmarks/RESULTS.md, "Row 4 — memory"): runs the body, then sets the
         * outcome. Only the thread itself calls it, once, so {@code FutureTask}'s guard against a
         * second runner is not needed; nothing cancels a body.
         */
        private void runBody() {
            Runnable body = task;
            task = null;
            Throwable failure = null;
            try {
                body.run();
            } catch (Throwable thrown) {
                failure = thrown;
            }
            if (failure == null) {
                set(null);
            } else {
                setException(failure);
            }
        }

        @Override
        public void run() {
            // A platform thread is a CurrentThread.Carrier; only a virtual one needs the
            // thread-local for TerminableThread.current() (rule 1.11).
            boolean virtual = !(thread instanceof CurrentThread.Carrier);
            if (virtual) {
                CurrentThread.enterVirtual(FutureTaskThread.this);
            }
            try {
                runBody(); // set()/setException() below end the thread before waking joiners
                afterEnded(afterEnd);
            } finally {
                if (virtual) {
                    CurrentThread.exitVirtual();
                }
            }
            rethrowFailure();
        }

        @Override
        protected void set(Void ignored) {
            afterEnd = bodyEnded();
            super.set(ignored);
        }

        @Override
        protected void setException(Throwable failure) {
            afterEnd = bodyEnded();
            super.setException(failure);
        }

        /** The thread could not be started: ends it as if the body had returned at once. */
        void neverRan() {
            task = null;
            set(null);
            afterEnded(afterEnd);
        }

        /** Hands what the body threw to the uncaught-exception handler, by rethrowing it. */
        private void rethrowFailure() {
            try {
                get();
            } catch (ExecutionException threw) {
                FutureTaskThread.<RuntimeException>sneakyThrow(threw.getCause());
            } catch (InterruptedException cannotHappen) {
                // get() on a completed task never waits
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The callable every {@link Body} hands to {@code FutureTask}, which requires one; a body runs
     * through {@link Body#runBody()} instead, so this is never called.
     */
    private static final class NeverCalled implements Callable<Void> {
        static final NeverCalled INSTANCE = new NeverCalled();

        @Override
        public Void call() {
            throw new IllegalStateException("a terminable thread's body runs through Body.runBody()");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }
}
