package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Journal;
import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Section 5 of the spec, the loop as an {@link java.util.concurrent.ExecutorService}: the
 * contracts of {@code close()} (Java 19 and later), {@code shutdown()} and {@code shutdownNow()}
 * as their JDK javadoc states them, and waits on the loop from its own thread that fail at once
 * (rules 5.2, 5.7, 5.8, 5.9 and 5.10).
 */
public abstract class LoopContractTests extends TckGroup {

    /** Creates the group. */
    protected LoopContractTests() {
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).as("awaited signal").isTrue();
    }

    @Test
    @SpecRule({"5.8.a", "5.8.b", "5.2.a"})
    void required_tryWithResourcesRunsEverySubmittedTaskAndWaitsForItAndTheCleanups() throws Exception {
        Journal j = kit.journal();
        List<Future<Integer>> futures = new ArrayList<>();
        BackgroundLoop used;
        try (BackgroundLoop loop = kit.startLoop("try-with-resources-loop")) {
            used = loop;
            loop.submitWithContext(ctx -> {
                ctx.deferCleanup(() -> {
                    SimulatedWork.takesScaled(Duration.ofMillis(30));
                    j.add("cleanup", "only");
                });
                return null;
            });
            for (int i = 0; i < 5; i++) {
                int n = i;
                futures.add(loop.submit(() -> {
                    SimulatedWork.takesScaled(Duration.ofMillis(10));
                    j.add("task", Integer.toString(n));
                    return n;
                }));
            }
        }
        assertThat(j.subjects("task")).as("every task submitted before close() ran, in order")
                .containsExactly("0", "1", "2", "3", "4");
        assertThat(j.subjects("cleanup")).as("close() returned after the cleanups ran").containsExactly("only");
        for (int i = 0; i < futures.size(); i++) {
            Future<Integer> f = futures.get(i);
            assertThat(f.isDone() && !f.isCancelled()).as("future " + i + " completed normally").isTrue();
            assertThat(f.get()).isEqualTo(i);
        }
        assertThat(used.isTerminated()).isTrue();
        assertThat(used.thread().state()).isEqualTo(ThreadState.ENDED);
    }

    @Test
    @SpecRule("5.8.d")
    void required_shutdownThenCloseNeverInterruptsTheTaskGracefulShutdownLetsFinish(BackgroundLoop loop)
            throws Exception {
        BlockedTask blocked = BlockedTask.runningOn(kit, loop, "long-task");
        Future<String> queued = loop.submit(() -> "queued ran");
        loop.shutdown();
        AtomicBoolean closed = new AtomicBoolean();
        kit.spawn("closer", () -> {
            loop.close();
            closed.set(true);
        });
        kit.assertNever("close() after shutdown() interrupts the running task or returns before it ends",
                () -> blocked.interrupted.get() || closed.get());
        blocked.gate.open();
        kit.awaitUntil("close() returns once the tasks ran", closed::get);
        assertThat(blocked.interrupted.get()).isFalse();
        assertThat(blocked.future.isCancelled()).isFalse();
        assertThat(queued.get()).isEqualTo("queued ran");
        assertThat(loop.isTerminated()).isTrue();
    }

    @Test
    @SpecRule({"5.8.b", "5.2.b"})
    void required_closeWaitsAtMostTheShutdownDeadlineThenRequestsTermination() throws Exception {
        Duration deadline = TckTime.scaled(Duration.ofMillis(300));
        TerminationCoordinator c = kit.coordinator(b -> b.shutdownDeadline(deadline));
        BackgroundLoop loop = kit.startLoop(c, "deadline-close-loop");
        BlockedTask blocked = BlockedTask.runningOn(kit, loop, "long-task");
        Future<String> queued = loop.submit(() -> "never");
        long start = System.nanoTime();
        kit.returnsWithin("close() of a loop whose task outlasts the deadline", deadline.plus(TckTime.awaitWindow()), () -> {
            loop.close();
            return null;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("close() waited for the deadline").isGreaterThanOrEqualTo(deadline.multipliedBy(9).dividedBy(10));
        kit.awaitUntil("the running task is interrupted once the deadline elapsed", blocked.interrupted::get);
        kit.awaitUntil("every future completes", () -> blocked.future.isDone() && queued.isDone());
        assertThat(queued.isCancelled()).as("the task still queued at the deadline is cancelled").isTrue();
        kit.awaitUntil("the loop ends", loop::isTerminated);
    }

    @Test
    @SpecRule("5.8.c")
    void required_anInterruptedCloseRequestsTerminationAndReturnsAtOnce(BackgroundLoop loop) throws Exception {
        BlockedTask blocked = BlockedTask.runningOn(kit, loop, "long-task");
        Future<String> queued = loop.submit(() -> "never");
        CountDownLatch inClose = new CountDownLatch(1);
        AtomicBoolean statusKept = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        Thread closer = kit.spawn("closer", () -> {
            inClose.countDown();
            loop.close();
            statusKept.set(Thread.currentThread().isInterrupted());
            returned.set(true);
        });
        await(inClose);
        kit.awaitUntil("close() began its graceful shutdown", loop::isShutdown);
        closer.interrupt();
        kit.awaitUntil("close() returns at once when its caller is interrupted", returned::get);
        assertThat(statusKept.get()).as("the caller's interrupt status after close()").isTrue();
        kit.awaitUntil("termination was requested: the running task is interrupted", blocked.interrupted::get);
        kit.awaitUntil("the queued task's future completes", queued::isDone);
        assertThat(queued.isCancelled()).isTrue();
        kit.awaitUntil("the loop ends", loop::isTerminated);
    }

    @Test
    @SpecRule("5.8.d")
    void required_closeOnTheLoopThreadShutsDownGracefullyAndReturnsAtOnce(BackgroundLoop loop) throws Exception {
        Gate hold = kit.gate("hold");
        Journal j = kit.journal();
        Future<Boolean> closing = loop.submit(() -> {
            hold.pass();
            loop.close();
            j.add("close-returned", "on-loop");
            return Thread.currentThread().isInterrupted();
        });
        Future<String> after = loop.submit(() -> {
            j.add("task", "queued-before-close");
            return "ran";
        });
        hold.open();
        assertThat(closing.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("close() on the loop thread interrupts its own task").isFalse();
        assertThat(after.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("a task queued before close() still runs (graceful)").isEqualTo("ran");
        assertThat(j.subjects("close-returned")).hasSize(1);
        kit.awaitUntil("the loop ends", loop::isTerminated);
    }

    @Test
    @SpecRule({"5.10.a", "5.10.b", "5.10.c", "5.2.c"})
    void required_shutdownNowHandsBackNeverStartedTasksInOrderThatStillRunWhenRun(BackgroundLoop loop)
            throws Exception {
        BlockedTask blocked = BlockedTask.runningOn(kit, loop, "running-task");
        List<String> ranBy = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            queued.add(loop.submit(() -> {
                ranBy.add("task-" + n);
                return n;
            }));
        }
        AtomicInteger executed = new AtomicInteger();
        loop.execute(() -> {
            ranBy.add("executed");
            executed.incrementAndGet();
        });

        List<Runnable> handedBack = loop.shutdownNow();

        assertThat(handedBack).as("the never-started tasks").hasSize(4);
        assertThat(loop.isShutdown()).isTrue();
        kit.awaitUntil("the running task is interrupted and its future completes",
                () -> blocked.interrupted.get() && blocked.future.isDone());
        assertThat(loop.awaitTermination(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the loop ends once its running task returns").isTrue();
        assertThat(queued).as("handed-back tasks are not cancelled: their futures belong to the caller")
                .noneMatch(Future::isCancelled).noneMatch(Future::isDone);
        assertThat(ranBy).as("no handed-back task ran on the loop").isEmpty();
        for (Runnable r : handedBack) {
            r.run();
        }
        assertThat(ranBy).as("running the handed-back tasks runs them, in acceptance order")
                .containsExactly("task-0", "task-1", "task-2", "executed");
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).isDone()).as("future " + i + " completes when its task is run").isTrue();
            assertThat(queued.get(i).get()).isEqualTo(i);
        }
        assertThat(executed.get()).isEqualTo(1);
    }

    @Test
    @SpecRule({"5.2.b", "5.10.c"})
    void required_tasksDroppedByTerminateAreStillCancelled(BackgroundLoop loop) throws Exception {
        BlockedTask blocked = BlockedTask.runningOn(kit, loop, "running-task");
        Future<Integer> queued = loop.submit(() -> 1);
        assertThat(loop.terminate()).isTrue();
        kit.awaitUntil("the queued future completes", queued::isDone);
        assertThat(queued.isCancelled()).isTrue();
        assertThat(loop.shutdownNow()).as("shutdownNow() after terminate() has nothing left to hand back").isEmpty();
    }

    @Test
    @SpecRule({"5.9.a", "5.9.b", "5.4.a"})
    void required_waitingOnTheLoopFromItsOwnThreadFailsAtOnceNamingTheLoop(BackgroundLoop loop) throws Exception {
        String name = loop.thread().name();
        Future<String> done = loop.submit(() -> "done before");
        assertThat(done.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done before");
        AtomicInteger invoked = new AtomicInteger();
        Callable<Integer> counted = () -> {
            invoked.incrementAndGet();
            return 1;
        };
        AtomicReference<Future<String>> pending = new AtomicReference<>();
        Future<List<Object>> outcome = loop.submit(() -> {
            List<Object> seen = new ArrayList<>();
            Future<String> later = loop.submit(() -> "later");
            pending.set(later);
            long start = System.nanoTime();
            seen.add(thrown(later::get));
            seen.add(thrown(() -> later.get(1, TimeUnit.MINUTES)));
            seen.add(thrown(() -> loop.invokeAll(List.of(counted))));
            seen.add(thrown(() -> loop.invokeAll(List.of(counted), 1, TimeUnit.MINUTES)));
            seen.add(thrown(() -> loop.invokeAny(List.of(counted))));
            seen.add(thrown(() -> loop.invokeAny(List.of(counted), 1, TimeUnit.MINUTES)));
            seen.add(Duration.ofNanos(System.nanoTime() - start));
            seen.add(loop.call(() -> "inline"));
            seen.add(done.get());
            return seen;
        });
        List<Object> seen = outcome.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < 6; i++) {
            assertThat(seen.get(i)).as("self-wait " + i + " (get, get(timeout), invokeAll x2, invokeAny x2)")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(((Throwable) seen.get(i)).getMessage()).as("the message names the loop").contains(name);
        }
        assertThat((Duration) seen.get(6)).as("the six self-waits failed at once").isLessThan(TckTime.scaled(Duration.ofSeconds(1)));
        assertThat(seen.get(7)).as("call() from the loop thread runs inline (rule 5.4)").isEqualTo("inline");
        assertThat(seen.get(8)).as("get() of a done future on the loop thread").isEqualTo("done before");
        assertThat(pending.get().get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the future that could not be awaited on the loop still completes").isEqualTo("later");
        loop.submit(() -> null).get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(invoked.get()).as("a rejected invokeAll/invokeAny queues nothing").isZero();
    }

    @Test
    @SpecRule("1.10.d")
    void required_onTheLoopThreadBadArgumentsOfInvokeAllAndInvokeAnyAreReportedBeforeTheSelfWait(BackgroundLoop loop)
            throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Callable<String> task = () -> "ran " + ran.incrementAndGet();
        Future<List<Object>> outcome = loop.submit(() -> List.of(
                thrown(() -> loop.invokeAll(null)),
                thrown(() -> loop.invokeAll(null, 1, TimeUnit.MINUTES)),
                thrown(() -> loop.invokeAll(List.of(task), 1, null)),
                thrown(() -> loop.invokeAny(null)),
                thrown(() -> loop.invokeAny(null, 1, TimeUnit.MINUTES)),
                thrown(() -> loop.invokeAny(List.of(task), 1, null)),
                thrown(() -> loop.invokeAny(List.<Callable<String>>of())),
                thrown(() -> loop.invokeAny(List.<Callable<String>>of(), 1, TimeUnit.MINUTES))));
        List<Object> seen = outcome.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        // Arguments are checked before state (1.10.d): being on the loop's own thread is the
        // state here, so a null is a NullPointerException and no task an IllegalArgumentException,
        // never the self-wait's IllegalStateException.
        for (int i = 0; i < 6; i++) {
            assertThat(seen.get(i)).as("call " + i + " (invokeAll x3, invokeAny x3) with a null argument")
                    .isInstanceOf(NullPointerException.class);
        }
        assertThat(seen.subList(6, 8)).as("invokeAny without tasks, both forms")
                .allMatch(t -> t instanceof IllegalArgumentException);
        assertThat(loop.submit(() -> "after").get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the rejected calls left the loop open").isEqualTo("after");
        assertThat(ran.get()).as("tasks run by the rejected calls").isZero();
    }

    @Test
    @SpecRule("5.9.a")
    void required_futuresOfOtherLoopsCanBeAwaitedFromALoopThread(TerminationCoordinator c) throws Exception {
        BackgroundLoop loop = kit.startLoop(c, "waiting-loop");
        BackgroundLoop other = kit.startLoop(c, "other-loop");
        Gate gate = kit.gate("other-task");
        Future<String> notDone = other.submit(() -> {
            gate.pass();
            return "other";
        });
        Future<Object> timedOut = loop.submit(() -> thrown(() -> notDone.get(TckTime.scaled(Duration.ofMillis(50)).toMillis(),
                TimeUnit.MILLISECONDS)));
        assertThat(timedOut.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("a timed get on another loop's future times out normally").isInstanceOf(TimeoutException.class);
        Future<String> awaited = loop.submit(() -> notDone.get());
        gate.open();
        assertThat(awaited.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("other");
        Future<List<Future<Integer>>> all = loop.submit(() -> other.invokeAll(List.of(() -> 1, () -> 2)));
        assertThat(all.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).hasSize(2);
    }

    @Test
    @SpecRule("5.9.a")
    void required_selfWaitFromAnotherThreadStillWaits(BackgroundLoop loop) throws Exception {
        Gate gate = kit.gate("task");
        Future<String> f = loop.submit(() -> {
            gate.pass();
            return "value";
        });
        kit.spawn("opener", () -> {
            kit.assertNever("get() from a foreign thread fails", f::isDone);
            gate.open();
        });
        assertThat(f.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("value");
    }

    /** Runs {@code call} and returns what it threw, or a marker string if it returned. */
    private static Object thrown(Callable<?> call) {
        try {
            return "returned " + call.call();
        } catch (Throwable t) {
            return t;
        }
    }
}
