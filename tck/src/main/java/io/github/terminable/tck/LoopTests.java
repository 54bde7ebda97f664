package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.TckTime;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Section 5 of the spec, first half: submitting work to a background loop, futures, rejection
 * and inline calls (rules 5.1 to 5.4), and null arguments to a loop (rule 1.10).
 */
public abstract class LoopTests extends TckGroup {

    /** Creates the group. */
    protected LoopTests() {
    }

    static <T> T get(Future<T> f) throws Exception {
        return f.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    @SpecRule({"5.1.a", "5.1.b", "5.1.c", "5.1.g"})
    void required_tasksFromManyThreadsRunOnTheLoopThreadOneAtATimeInOrder(BackgroundLoop loop) throws Exception {
        Thread loopThread = loop.thread().thread();
        int producers = 4;
        int perProducer = 60;
        List<int[]> ran = new CopyOnWriteArrayList<>();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicInteger offLoop = new AtomicInteger();
        List<Future<?>> futures = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(kit.spawn("producer-" + p, () -> {
                go.await();
                for (int i = 0; i < perProducer; i++) {
                    int seq = i;
                    Runnable task = () -> {
                        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                        if (Thread.currentThread() != loopThread) {
                            offLoop.incrementAndGet();
                        }
                        ran.add(new int[] {producer, seq});
                        active.decrementAndGet();
                    };
                    switch (seq % 4) {
                        case 0 -> loop.execute(task);
                        case 1 -> futures.add(loop.submit(task));
                        case 2 -> futures.add(loop.submitWithContext(ctx -> {
                            task.run();
                            return null;
                        }));
                        default -> loop.call(() -> {
                            task.run();
                            return null;
                        });
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TckTime.awaitWindow().toMillis());
        }
        for (Future<?> f : futures) {
            get(f);
        }
        kit.awaitUntil("every task ran", () -> ran.size() == producers * perProducer);
        assertThat(maxActive.get()).as("tasks running at the same time").isEqualTo(1);
        assertThat(offLoop.get()).as("tasks that ran off the loop thread").isZero();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            List<Integer> order = ran.stream().filter(r -> r[0] == producer).map(r -> r[1]).toList();
            assertThat(order).as("tasks of producer " + p + " in acceptance order").isSorted().hasSize(perProducer);
        }
        List<Future<Integer>> all = loop.invokeAll(List.of(() -> 1, () -> 2, () -> 3));
        assertThat(all).allMatch(Future::isDone);
        assertThat(get(all.get(2))).isEqualTo(3);
        assertThat(loop.invokeAny(List.<Callable<String>>of(() -> "any"))).isEqualTo("any");
        kit.awaitUntil("the idle loop thread waits", () -> loopThread.getState() == Thread.State.WAITING
                || loopThread.getState() == Thread.State.TIMED_WAITING);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled()) {
            long before = mx.getThreadCpuTime(loopThread.getId());
            long start = System.nanoTime();
            kit.assertNever("the idle loop thread ends", () -> !loopThread.isAlive());
            long cpu = mx.getThreadCpuTime(loopThread.getId()) - before;
            long wall = System.nanoTime() - start;
            assertThat(cpu).as("processor time the idle loop thread used while its queue was empty (" + wall / 1_000_000
                    + " ms window)").isLessThan(wall / 5);
        }
    }

    @Test
    @SpecRule({"5.1.b", "5.3.c"})
    void required_theResultAndTimedFormsRunOnTheLoopThreadAndAZeroAwaitTerminationOnlyLooks(BackgroundLoop loop)
            throws Exception {
        Thread loopThread = loop.thread().thread();
        long window = TckTime.awaitWindow().toMillis();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        assertThat(get(loop.submit(() -> ranOn.set(Thread.currentThread()), "given result")))
                .as("submit(Runnable, result) hands back the given result").isEqualTo("given result");
        assertThat(ranOn.get()).as("where submit(Runnable, result) ran its task").isSameAs(loopThread);
        Callable<Thread> where = Thread::currentThread;
        List<Future<Thread>> all = loop.invokeAll(List.of(where, where), window, TimeUnit.MILLISECONDS);
        assertThat(all).as("timed invokeAll: one completed future per task").hasSize(2)
                .allMatch(f -> f.isDone() && !f.isCancelled());
        assertThat(get(all.get(0))).as("where timed invokeAll ran its tasks").isSameAs(loopThread);
        assertThat(loop.invokeAny(List.of(where), window, TimeUnit.MILLISECONDS))
                .as("timed invokeAny returns its task's result, computed on the loop thread").isSameAs(loopThread);

        assertThat(loop.awaitTermination(0, TimeUnit.SECONDS)).as("awaitTermination(0) on a running loop").isFalse();
        loop.shutdown();
        kit.awaitUntil("the loop ends once its queue is empty", loop::isTerminated);
        assertThat(loop.awaitTermination(0, TimeUnit.SECONDS)).as("awaitTermination(0) on an ended loop").isTrue();
    }

    @Test
    @SpecRule({"5.1.d", "5.1.e", "5.1.f"})
    void required_aThrowingTaskFailsItsFutureButNotTheLoop(BackgroundLoop loop) throws Exception {
        kit.tolerateUncaught(e -> "planned execute failure".equals(e.getMessage()));
        Future<Object> failed = loop.submit(() -> {
            throw new IllegalStateException("planned task failure");
        });
        assertThatThrownBy(() -> get(failed)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).cause().hasMessage("planned task failure");
        Thread loopThread = loop.thread().thread();
        AtomicReference<Thread> handledOn = new AtomicReference<>();
        AtomicReference<Throwable> handled = new AtomicReference<>();
        loopThread.setUncaughtExceptionHandler((t, e) -> {
            handledOn.set(t);
            handled.set(e);
        });
        loop.execute(() -> {
            throw new IllegalStateException("planned execute failure");
        });
        assertThat(get(loop.submit(() -> "still alive"))).isEqualTo("still alive");
        assertThat(handled.get()).as("what execute's task threw, passed to the loop thread's uncaught-exception handler")
                .hasMessage("planned execute failure");
        assertThat(handledOn.get()).as("the thread passed with it").isSameAs(loopThread);
        assertThatThrownBy(() -> loop.call(() -> {
            throw new java.io.IOException("planned call failure");
        })).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(loop.call(() -> "alive after call failure")).isEqualTo("alive after call failure");
        assertThat(loop.isShutdown()).isFalse();
    }

    @Test
    @SpecRule({"5.2.a", "5.2.b", "5.2.c"})
    void required_everyFutureCompletesWhenTheLoopIsTerminated(BackgroundLoop loop) throws Exception {
        Gate never = kit.gate("running-task");
        CountDownLatch running = new CountDownLatch(1);
        Future<String> first = loop.submit(() -> {
            running.countDown();
            never.pass();
            return "not reached";
        });
        List<Future<?>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            queued.add(i % 2 == 0 ? loop.submit(() -> n) : loop.submitWithContext(ctx -> n));
        }
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(loop.terminate()).isTrue();

        kit.awaitUntil("the running task's future completes", first::isDone);
        kit.awaitUntil("every queued future completes", () -> queued.stream().allMatch(Future::isDone));
        assertThat(queued).as("queued tasks that never started are cancelled").allMatch(Future::isCancelled);
        kit.awaitUntil("the loop ends", loop::isTerminated);
        assertThat(never.isOpen()).isFalse();
    }

    @Test
    @SpecRule("5.2.d")
    void required_anInterruptMeantForOneTaskNeverReachesTheNext(BackgroundLoop loop) throws Exception {
        Gate never = kit.gate("cancelled-task");
        CountDownLatch running = new CountDownLatch(1);
        Future<?> cancelled = loop.submit(() -> {
            running.countDown();
            never.passUninterruptibly();
            return null;
        });
        AtomicReference<Boolean> nextSawInterrupt = new AtomicReference<>();
        Future<?> next = loop.submit(() -> nextSawInterrupt.set(Thread.currentThread().isInterrupted()));
        assertThat(running.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(cancelled.cancel(true)).isTrue();
        never.open(); // the task ignores the interrupt and returns with its interrupt status set
        get(next);
        assertThat(nextSawInterrupt.get()).as("the next task starts with its interrupt status cleared").isFalse();
        assertThat(cancelled.isCancelled()).isTrue();
    }

    @Test
    @SpecRule({"5.3.a", "5.3.b", "5.3.c"})
    void required_everySubmissionIsRejectedOnceTerminationIsRequested(TerminationCoordinator c) throws Exception {
        List<Consumer<BackgroundLoop>> requests = List.of(BackgroundLoop::terminate, l -> l.thread().terminate(),
                BackgroundLoop::shutdownNow, BackgroundLoop::close, BackgroundLoop::shutdown);
        List<String> labels = List.of("terminate()", "thread().terminate()", "shutdownNow()", "close()", "shutdown()");
        for (int i = 0; i < requests.size(); i++) {
            BackgroundLoop loop = kit.startLoop(c, "rejecting-loop");
            requests.get(i).accept(loop);
            assertThat(loop.isShutdown()).as("isShutdown() after " + labels.get(i)).isTrue();
            assertAllRejected(loop, labels.get(i));
            kit.awaitUntil("the loop ends after " + labels.get(i), loop::isTerminated);
            assertThat(loop.awaitTermination(1, TimeUnit.MILLISECONDS)).isTrue();
            assertAllRejected(loop, labels.get(i) + " and the loop's end");
        }
        BackgroundLoop byCoordinator = kit.startLoop(c, "coordinator-loop");
        kit.shutdownAndAwait(c);
        assertAllRejected(byCoordinator, "the coordinator's shutdown");
    }

    private void assertAllRejected(BackgroundLoop loop, String after) {
        String name = loop.thread().name();
        Callable<String> task = () -> "must not run";
        List<Callable<Object>> attempts = List.of(
                () -> {
                    loop.execute(() -> { });
                    return null;
                },
                () -> loop.submit(() -> { }),
                () -> loop.submit(task),
                () -> loop.submit(() -> { }, "result"),
                () -> loop.submitWithContext(ctx -> "must not run"),
                () -> loop.invokeAll(List.of(task)),
                () -> loop.invokeAny(List.of(task)),
                () -> loop.call(task));
        for (Callable<Object> attempt : attempts) {
            assertThatThrownBy(attempt::call).as("a submission after " + after).isInstanceOf(RejectedExecutionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).as("message naming the loop").contains(name));
        }
    }

    @Test
    @SpecRule({"5.3.a", "5.3.c"})
    void required_gracefulShutdownRunsQueuedTasksThenEndsTheLoop(BackgroundLoop loop) throws Exception {
        Gate hold = kit.gate("first-task");
        Future<?> first = loop.submit(() -> {
            hold.pass();
            return null;
        });
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            queued.add(loop.submit(() -> n));
        }
        loop.shutdown();
        assertAllRejected(loop, "shutdown()");
        assertThat(loop.isTerminated()).isFalse();
        hold.open();
        get(first);
        for (int i = 0; i < 3; i++) {
            assertThat(get(queued.get(i))).as("queued task " + i + " still runs").isEqualTo(i);
        }
        kit.awaitUntil("the loop ends by itself once its queue is empty", loop::isTerminated);
    }

    @Test
    @SpecRule("5.4.a")
    void required_callFromTheLoopThreadRunsInline(BackgroundLoop loop) throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> innerThread = new AtomicReference<>();
        Future<String> outer = loop.submit(() -> {
            steps.add("outer-start");
            String inner = loop.call(() -> {
                innerThread.set(Thread.currentThread());
                steps.add("inner");
                return "inner-result";
            });
            steps.add("outer-end");
            return inner;
        });
        assertThat(get(outer)).isEqualTo("inner-result");
        assertThat(steps).containsExactly("outer-start", "inner", "outer-end");
        assertThat(innerThread.get()).isSameAs(loop.thread().thread());

        Future<Throwable> failing = loop.submit(() -> {
            try {
                loop.call(() -> {
                    throw new IllegalStateException("planned inline failure");
                });
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        });
        assertThat(get(failing)).isInstanceOf(IllegalStateException.class).hasMessage("planned inline failure");

        AtomicReference<Throwable> afterRequest = new AtomicReference<>();
        loop.execute(() -> {
            loop.terminate();
            try {
                loop.call(() -> "must be rejected");
                afterRequest.set(new AssertionError("call() was accepted after termination was requested"));
            } catch (Throwable e) {
                afterRequest.set(e);
            }
        });
        kit.awaitUntil("the task tried call() after requesting termination", () -> afterRequest.get() != null);
        assertThat(afterRequest.get()).as("call() on the loop thread after its termination was requested")
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    @SpecRule({"1.10.a", "1.10.d"})
    void required_nullArgumentsAreRejectedNamingTheParameterBeforeTheLoopsState(BackgroundLoop loop) throws Exception {
        assertNullsRejected(loop, "an open loop");
        AtomicReference<io.github.terminable.LoopContext> context = new AtomicReference<>();
        get(loop.submitWithContext(cx -> {
            context.set(cx);
            return null;
        }));
        assertThatThrownBy(() -> context.get().deferCleanup(null))
                .as("deferCleanup(null) off the loop thread: the null is named before the wrong thread (1.10)")
                .isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("action"));
        assertThat(loop.isShutdown()).as("the rejected calls left the loop open").isFalse();
        assertThat(get(loop.submit(() -> "still accepted"))).isEqualTo("still accepted");

        loop.terminate();
        assertThat(loop.awaitTermination(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertNullsRejected(loop, "a terminated loop, which rejects work");
    }

    private static void assertNullsRejected(BackgroundLoop loop, String which) {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("execute(null)|command", () -> loop.execute(null));
        calls.put("submit((Runnable) null)|task", () -> loop.submit((Runnable) null));
        calls.put("submit((Runnable) null, result)|task", () -> loop.submit((Runnable) null, "result"));
        calls.put("submit((Callable) null)|task", () -> loop.submit((Callable<?>) null));
        calls.put("submitWithContext(null)|task", () -> loop.submitWithContext(null));
        calls.put("call(null)|task", () -> loop.call(null));
        calls.put("invokeAll(null)|task", () -> loop.invokeAll(null));
        calls.put("invokeAll([null])|task", () -> loop.invokeAll(Collections.singletonList((Callable<String>) null)));
        calls.put("invokeAny(null)|task", () -> loop.invokeAny(null));
        calls.put("invokeAny([null])|task", () -> loop.invokeAny(Collections.singletonList((Callable<String>) null)));
        calls.put("invokeAll(null, 1, SECONDS)|task", () -> loop.invokeAll(null, 1, TimeUnit.SECONDS));
        calls.put("invokeAll([null], 1, SECONDS)|task",
                () -> loop.invokeAll(Collections.singletonList((Callable<String>) null), 1, TimeUnit.SECONDS));
        calls.put("invokeAll(tasks, 1, null)|unit", () -> loop.invokeAll(List.of(() -> "x"), 1, null));
        calls.put("invokeAny(null, 1, SECONDS)|task", () -> loop.invokeAny(null, 1, TimeUnit.SECONDS));
        calls.put("invokeAny([null], 1, SECONDS)|task",
                () -> loop.invokeAny(Collections.singletonList((Callable<String>) null), 1, TimeUnit.SECONDS));
        calls.put("invokeAny(tasks, 1, null)|unit", () -> loop.invokeAny(List.of(() -> "x"), 1, null));
        calls.put("awaitTermination(1, null)|unit", () -> loop.awaitTermination(1, null));
        calls.forEach((label, call) -> {
            String method = label.substring(0, label.indexOf('|'));
            String parameter = label.substring(label.indexOf('|') + 1);
            assertThatThrownBy(call).as(method + " on " + which).isInstanceOf(NullPointerException.class)
                    .satisfies(e -> assertThat(e.getMessage()).as("the message of " + method + ", naming the parameter")
                            .containsIgnoringCase(parameter));
        });
    }
}
