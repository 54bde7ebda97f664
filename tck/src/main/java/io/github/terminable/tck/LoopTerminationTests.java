package io.github.terminable.tck;

import static io.github.terminable.tck.ThreadLifecycleTests.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopContext;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Journal;
import io.github.terminable.tck.harness.StdErrCapture;
import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Section 5 of the spec, second half: deferred cleanups, the loop context, the loop as a
 * terminable thread, and {@code close()} (rules 5.5 to 5.8).
 */
public abstract class LoopTerminationTests extends TckGroup {

    /** Creates the group. */
    protected LoopTerminationTests() {
    }

    /**
     * Runs a task on {@code loop} that holds it until a new gate named {@code gateName} opens,
     * whatever interrupts it gets, and returns that gate once the task is running.
     */
    private Gate holdUntilOpen(BackgroundLoop loop, String gateName) throws InterruptedException {
        Gate gate = kit.gate(gateName);
        CountDownLatch running = new CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            gate.passUninterruptibly();
        });
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).as("the holding task runs").isTrue();
        return gate;
    }

    private AutoCloseable cleanup(Journal journal, String label, BackgroundLoop loop, AtomicBoolean terminatedSeen) {
        return () -> {
            journal.add("cleanup", label);
            if (Thread.currentThread().isInterrupted()) {
                journal.add("cleanup-interrupted", label);
            }
            if (loop.isTerminated()) {
                terminatedSeen.set(true);
            }
        };
    }

    @Test
    @SpecRule({"5.5.a", "5.5.c", "5.5.b"})
    void required_deferredCleanupsRunOnceLifoOnTheLoopThreadAfterTheLastTask() throws Exception {
        StdErrCapture err = kit.captureStdErr();
        BackgroundLoop loop = kit.startLoop("cleanup-loop");
        Journal j = kit.journal();
        AtomicBoolean terminatedDuringCleanup = new AtomicBoolean();
        AtomicReference<Throwable> lateDefer = new AtomicReference<>();
        AtomicReference<LoopContext> context = new AtomicReference<>();
        LoopTests.get(loop.submitWithContext(ctx -> {
            context.set(ctx);
            ctx.deferCleanup(() -> {
                cleanup(j, "A", loop, terminatedDuringCleanup).close();
                try {
                    context.get().deferCleanup(() -> j.add("cleanup", "too-late"));
                } catch (Throwable e) {
                    lateDefer.set(e);
                }
            });
            return null;
        }));
        LoopTests.get(loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> {
                j.add("cleanup", "B");
                throw new IllegalStateException("planned cleanup failure");
            });
            ctx.deferCleanup(cleanup(j, "C", loop, terminatedDuringCleanup));
            return null;
        }));
        CountDownLatch running = new CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                j.add("task-interrupted", "last");
            }
            j.add("task-end", "last");
        });
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        kit.assertNever("cleanups run before termination", () -> !j.subjects("cleanup").isEmpty());

        loop.terminate();

        kit.awaitUntil("the loop ends", loop::isTerminated);
        assertThat(j.subjects("cleanup")).as("cleanups in LIFO order, each once").containsExactly("C", "B", "A");
        assertThat(j.select("cleanup")).as("cleanups run on the loop thread")
                .allMatch(e -> e.thread() == loop.thread().thread());
        assertThat(j.subjects("cleanup-interrupted")).as("cleanups run with the interrupt status cleared").isEmpty();
        assertThat(j.select("task-end").get(0).seq()).as("the running task ended before the first cleanup")
                .isLessThan(j.select("cleanup").get(0).seq());
        assertThat(terminatedDuringCleanup.get()).as("isTerminated() before the last cleanup finished").isFalse();
        assertThat(lateDefer.get()).as("deferCleanup() once cleanups have started").isInstanceOf(IllegalStateException.class);
        kit.awaitUntil("the failing cleanup is reported on System.err naming the loop",
                () -> err.text().contains("planned cleanup failure") && err.text().contains(loop.thread().name()));
    }

    @Test
    @SpecRule("5.5.a")
    void required_afterGracefulShutdownCleanupsRunAfterTheLastQueuedTaskUndisturbed(BackgroundLoop loop)
            throws Exception {
        Journal j = kit.journal();
        Gate hold = kit.gate("hold");
        loop.submitWithContext(ctx -> {
            // An interruptible wait, as cleanup doing I/O has: once the queue has run empty the
            // loop requests its own termination, and no interrupt of that request may reach the
            // cleanup (5.5.a, step 1), however late it is delivered.
            ctx.deferCleanup(() -> {
                j.add("cleanup", "only");
                try {
                    SimulatedWork.takes(TckTime.quietWindow());
                } catch (InterruptedException e) {
                    j.add("cleanup-interrupted", "only");
                }
            });
            hold.pass();
            return null;
        });
        for (int i = 0; i < 3; i++) {
            String n = Integer.toString(i);
            loop.execute(() -> j.add("task", n));
        }
        loop.shutdown();
        hold.open();
        kit.awaitUntil("the loop ends", loop::isTerminated);
        List<Journal.Entry> entries = j.entries();
        assertThat(entries).extracting(Journal.Entry::event).containsExactly("task", "task", "task", "cleanup");
    }

    @Test
    @SpecRule({"1.2.e", "5.7.a"})
    void required_aRunningTaskSeesTheLoopsTerminationRequestThroughItsContext(BackgroundLoop loop) throws Exception {
        Gate untilInterrupted = kit.gate("task-until-interrupted");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        AtomicReference<Boolean> before = new AtomicReference<>();
        AtomicReference<Boolean> after = new AtomicReference<>();
        loop.submitWithContext(context -> {
            before.set(context.isTerminationRequested());
            running.countDown();
            try {
                untilInterrupted.pass();
            } catch (InterruptedException e) {
                // the loop's callback interrupts the running task (5.7.b); the request came first (1.2)
            }
            after.set(context.isTerminationRequested());
            looked.countDown();
            return null;
        });
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        loop.terminate();
        assertThat(looked.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the running task was interrupted and looked again").isTrue();
        assertThat(before.get()).as("LoopContext.isTerminationRequested() before the request").isFalse();
        assertThat(after.get()).as("LoopContext.isTerminationRequested() once the loop's termination was requested")
                .isTrue();
        kit.awaitUntil("the loop ends", loop::isTerminated);
    }

    @Test
    @SpecRule({"5.6.a", "5.6.b"})
    void required_theLoopContextRefusesUseOffTheLoopThread(BackgroundLoop loop) throws Exception {
        String name = loop.thread().name();
        AtomicReference<String> nameOnLoop = new AtomicReference<>();
        AtomicBoolean requestedOnLoop = new AtomicBoolean(true);
        LoopContext ctx = LoopTests.get(loop.submitWithContext(context -> {
            nameOnLoop.set(context.name());
            requestedOnLoop.set(context.isTerminationRequested());
            return context;
        }));
        assertThat(nameOnLoop.get()).isEqualTo(name);
        assertThat(requestedOnLoop.get()).isFalse();

        AtomicBoolean ranOffThreadAction = new AtomicBoolean();
        assertThatThrownBy(() -> ctx.deferCleanup(() -> ranOffThreadAction.set(true)))
                .isInstanceOf(IllegalStateException.class).satisfies(e -> assertThat(e.getMessage()).contains(name));
        assertThatThrownBy(ctx::isTerminationRequested).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(name));
        assertThatThrownBy(ctx::name).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(name));
        loop.close();
        assertThat(loop.thread().state()).isEqualTo(ThreadState.ENDED);
        assertThat(ranOffThreadAction.get()).as("an action passed off the loop thread was registered").isFalse();
    }

    @Test
    @SpecRule({"5.7.a", "1.9.a"})
    void required_aLoopIsATerminableThreadTerminatedInRegistrationOrder(TerminationCoordinator c) throws Exception {
        AtomicReference<BackgroundLoop> loopRef = new AtomicReference<>();
        AtomicReference<Boolean> loopShutDownAtBefore = new AtomicReference<>();
        AtomicReference<Boolean> loopShutDownAtAfter = new AtomicReference<>();
        Worker before = Worker.named(kit, "before-loop");
        before.handle = c.threadBuilder().name(before.name).onTerminate(t -> {
            loopShutDownAtBefore.set(loopRef.get().isShutdown());
            before.callback().onTerminate(t);
        }).start(before.body());
        BackgroundLoop loop = kit.startLoop(c, "ordered-loop");
        loopRef.set(loop);
        Worker after = Worker.named(kit, "after-loop");
        after.handle = c.threadBuilder().name(after.name).onTerminate(t -> {
            loopShutDownAtAfter.set(loopRef.get().isShutdown());
            after.callback().onTerminate(t);
        }).start(after.body());

        assertThat(names(c.liveThreads())).containsExactly(before.name, loop.thread().name(), after.name);
        assertThat(loop.thread().thread().isDaemon()).as("the loop thread is non-daemon").isFalse();
        assertThat(loop.thread().coordinator()).isSameAs(c);
        kit.assertNever("a loop ends because its queue is empty", () -> loop.thread().state() == ThreadState.ENDED);

        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Future<?> task = loop.submit(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        kit.shutdownAndAwait(c);

        assertThat(loopShutDownAtAfter.get()).as("loop requested when the later thread's turn came").isFalse();
        assertThat(loopShutDownAtBefore.get()).as("loop requested before the earlier thread's turn").isTrue();
        assertThat(interrupted.get()).as("the running task was interrupted").isTrue();
        assertThat(task.isDone()).isTrue();
        assertThat(loop.thread().state()).isEqualTo(ThreadState.ENDED);
        assertThat(loop.terminate()).as("terminate() after the end").isFalse();
    }

    @Test
    @SpecRule({"5.7.b", "1.3.a", "1.3.b"})
    void required_loopTerminateIsTheThreadsTerminate(TerminationCoordinator c) throws Exception {
        BackgroundLoop loop = kit.startLoop(c, "same-request-loop");
        assertThat(loop.thread().isTerminationRequested()).isFalse();
        assertThat(loop.terminate()).isTrue();
        assertThat(loop.thread().isTerminationRequested()).isTrue();
        assertThat(loop.thread().terminate()).isFalse();
        assertThat(loop.terminate()).isFalse();
        kit.awaitUntil("the loop ends", loop::isTerminated);

        BackgroundLoop other = kit.startLoop(c, "thread-request-loop");
        assertThat(other.thread().terminate()).isTrue();
        assertThat(other.terminate()).isFalse();
        kit.awaitUntil("the loop ends", other::isTerminated);
    }

    @Test
    @SpecRule({"5.8.a", "5.8.b"})
    void required_closeShutsDownAndWaitsForTheLoopThreadToEnd(BackgroundLoop loop) throws Exception {
        Gate slowTask = holdUntilOpen(loop, "slow-task");
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<ThreadState> stateAtReturn = new AtomicReference<>();
        kit.spawn("closer", () -> {
            loop.close();
            stateAtReturn.set(loop.thread().state());
            closed.set(true);
        });
        // Wait until the closer is inside close() (its graceful shutdown began), then watch it not return.
        kit.awaitUntil("close() began its graceful shutdown", loop::isShutdown);
        kit.assertNever("close() returns while the loop thread still runs", closed::get);
        slowTask.open();
        kit.awaitUntil("close() returns", closed::get);
        assertThat(stateAtReturn.get()).as("loop thread state when close() returned").isEqualTo(ThreadState.ENDED);
        loop.close(); // idempotent
    }

    @Test
    @SpecRule("5.8.b")
    void required_closeWaitsAtMostTheShutdownDeadline() throws Exception {
        Duration deadline = TckTime.scaled(Duration.ofMillis(200));
        TerminationCoordinator c = kit.coordinator(b -> b.shutdownDeadline(deadline));
        BackgroundLoop loop = kit.startLoop(c, "stuck-loop");
        Gate stuck = holdUntilOpen(loop, "stuck-task");
        long start = System.nanoTime();
        kit.returnsWithin("close() of a loop that does not end", deadline.plus(TckTime.awaitWindow()), () -> {
            loop.close();
            return null;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close() waited about the deadline")
                .isGreaterThanOrEqualTo(deadline.multipliedBy(9).dividedBy(10));
        assertThat(loop.thread().state()).isEqualTo(ThreadState.RUNNING);

        AtomicBoolean interruptStatusKept = new AtomicBoolean();
        Thread interrupted = kit.spawn("interrupted-closer", () -> {
            Thread.currentThread().interrupt();
            loop.close();
            interruptStatusKept.set(Thread.currentThread().isInterrupted());
        });
        interrupted.join(TckTime.awaitWindow().toMillis());
        assertThat(interruptStatusKept.get()).as("an interrupted close() returns with the interrupt status set").isTrue();
        stuck.open();
        kit.awaitUntil("the loop ends once its task returns", loop::isTerminated);
    }

    @Test
    @SpecRule("5.8.d")
    void required_closeOnTheLoopThreadDoesNotWait(BackgroundLoop loop) throws Exception {
        Future<String> f = loop.submit(() -> {
            loop.close();
            return Thread.currentThread().isInterrupted() ? "returned, interrupted" : "returned";
        });
        assertThat(LoopTests.get(f)).startsWith("returned");
        assertThat(loop.isShutdown()).isTrue();
        kit.awaitUntil("the loop ends", loop::isTerminated);
    }

    @Test
    @SpecRule("5.7.c")
    void required_theLoopsCallbackReturnsPromptlyWithoutWaitingForTheLoopToEnd(TerminationCoordinator c)
            throws Exception {
        io.github.terminable.tck.harness.RecordingListener listener = new io.github.terminable.tck.harness.RecordingListener();
        c.addListener(listener);
        BackgroundLoop loop = kit.startLoop(c, "stubborn-task-loop");
        Gate release = holdUntilOpen(loop, "stubborn-task");

        assertThat(loop.terminate()).isTrue();
        String name = loop.thread().name();
        kit.awaitUntil("the loop's callback has a record", () -> !listener.terminationsOf(name).isEmpty());

        io.github.terminable.TerminationRecord record = listener.terminationsOf(name).get(0);
        assertThat(record.outcome()).isEqualTo(io.github.terminable.TerminationOutcome.COMPLETED);
        assertThat(record.duration()).as("the loop's callback returns promptly while its task still runs")
                .isLessThan(TckTime.scaled(Duration.ofMillis(100)));
        assertThat(loop.isTerminated()).isFalse();
        release.open();
        assertThat(loop.awaitTermination(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
}
