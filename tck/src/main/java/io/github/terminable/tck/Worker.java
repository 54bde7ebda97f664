package io.github.terminable.tck;

import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Journal;
import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.TckTime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test worker: a terminable thread whose body runs until its stop signal or an interrupt, and
 * whose callback counts its invocations, journals them and gives the stop signal.
 *
 * <p>Journal events: {@code body-start}, {@code body-end}, {@code callback}; a lingering worker
 * also journals {@code still-working} and {@code really-ended}; one that fails late
 * ({@link #startedFailingAfter}) journals {@code callback-throws}.
 *
 * <p>A scenario that needs more from the callback or the body than that adds it with
 * {@link #thenInCallback} or {@link #thenInBody} before the thread is created.
 */
final class Worker {

    final String name;
    final Journal journal;
    final CountDownLatch stop = new CountDownLatch(1);
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicInteger callbacks = new AtomicInteger();
    volatile Thread callbackThread;
    volatile TerminableThread handle;
    private TerminationCallback moreInCallback = thread -> { };
    private Runnable moreInBody = () -> { };

    Worker(String name, Journal journal) {
        this.name = name;
        this.journal = journal;
    }

    /** A worker named {@code kit.name(stem)} that journals to the test's journal; not yet created. */
    static Worker named(Kit kit, String stem) {
        return new Worker(kit.name(stem), kit.journal());
    }

    /** A worker named after {@code stem}, created and started on {@code coordinator}. */
    static Worker startedOn(Kit kit, TerminationCoordinator coordinator, String stem) {
        Worker w = named(kit, stem);
        w.start(coordinator);
        return w;
    }

    /**
     * A worker named after {@code stem}, started on {@code coordinator} with
     * {@code awaitedInTurn(awaited)}, whose body keeps working after its stop signal until
     * {@code linger} opens ({@link #lingeringUntil}): a unit whose turn lasts as long as the test
     * wants (rule 3.2), or, opted out, one that its turn does not wait for (rule 3.11).
     */
    static Worker startedLingering(Kit kit, TerminationCoordinator coordinator, String stem, Gate linger,
            boolean awaited) {
        Worker w = named(kit, stem).lingeringUntil(linger);
        w.handle = coordinator.threadBuilder().name(w.name).awaitedInTurn(awaited).onTerminate(w.callback())
                .start(w.body());
        return w;
    }

    /**
     * A worker named after {@code stem}, created and started on {@code coordinator}, whose
     * callback, once it has journaled, counted and given the stop signal, blocks until
     * {@code release} opens (an interrupt ends the wait with an exception): a callback that keeps
     * running while the test watches, and whose turn overruns a short callback bound (rule 3.4).
     */
    static Worker startedBlockingInCallback(Kit kit, TerminationCoordinator coordinator, String stem, Gate release) {
        Worker w = named(kit, stem);
        w.thenInCallback(t -> release.pass()).start(coordinator);
        return w;
    }

    /**
     * A worker named after {@code stem}, created and started on {@code coordinator}, whose
     * callback, once it has journaled, counted and given the stop signal, blocks until
     * {@code release} opens, then journals {@code callback-throws} and throws {@code failure}: a
     * callback that fails late, after the test has watched what happens while it still runs
     * (rules 3.5 and 3.12). The wait ignores interrupts, so what the callback throws is always
     * {@code failure}.
     */
    static Worker startedFailingAfter(Kit kit, TerminationCoordinator coordinator, String stem, Gate release,
            RuntimeException failure) {
        Worker w = named(kit, stem);
        w.thenInCallback(t -> {
            release.passUninterruptibly();
            w.journal.add("callback-throws", w.name);
            throw failure;
        }).start(coordinator);
        return w;
    }

    /**
     * Makes the callback go on with {@code more} once it has journaled, counted and given the
     * stop signal: the callback, and so the unit's turn, lasts until {@code more} returns or
     * throws. Call before the thread is created.
     */
    Worker thenInCallback(TerminationCallback more) {
        moreInCallback = more;
        return this;
    }

    /**
     * Makes the body go on with {@code more} once it has been stopped and journaled
     * {@code body-end}: the thread ends only when {@code more} returns. Call before the thread is
     * created.
     */
    Worker thenInBody(Runnable more) {
        moreInBody = more;
        return this;
    }

    /**
     * Makes the body keep working after its stop signal until {@code linger} opens, journaling
     * {@code still-working} then {@code really-ended}: a unit whose turn outlasts its callback
     * (rule 3.2). Call before the thread is created.
     */
    Worker lingeringUntil(Gate linger) {
        return thenInBody(() -> {
            journal.add("still-working", name);
            linger.passUninterruptibly();
            journal.add("really-ended", name);
        });
    }

    /** Fails the test unless the body starts within the await window. */
    void awaitStarted() throws InterruptedException {
        if (!started.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the body of " + name + " did not start within " + TckTime.awaitWindow().toMillis() + " ms");
        }
    }

    /**
     * The body: runs until stopped or interrupted, at most for the test timeout, then does what
     * {@link #thenInBody} added.
     */
    Runnable body() {
        return () -> {
            journal.add("body-start", name);
            started.countDown();
            try {
                stop.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                journal.add("body-interrupted", name);
            }
            journal.add("body-end", name);
            moreInBody.run();
        };
    }

    /** The callback: journals, counts and stops the body, then does what {@link #thenInCallback} added. */
    TerminationCallback callback() {
        return thread -> {
            callbackThread = Thread.currentThread();
            callbacks.incrementAndGet();
            journal.add("callback", name);
            stop.countDown();
            moreInCallback.onTerminate(thread);
        };
    }

    /** Creates the (unstarted) thread on {@code coordinator}. */
    TerminableThread create(TerminationCoordinator coordinator) {
        handle = coordinator.threadBuilder().name(name).onTerminate(callback()).unstarted(body());
        return handle;
    }

    /** Creates and starts the thread on {@code coordinator}. */
    TerminableThread start(TerminationCoordinator coordinator) {
        TerminableThread t = create(coordinator);
        t.start();
        return t;
    }

    boolean ended() {
        return handle != null && handle.state() == io.github.terminable.ThreadState.ENDED;
    }
}
