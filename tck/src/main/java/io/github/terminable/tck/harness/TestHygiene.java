package io.github.terminable.tck.harness;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The TCK's hygiene rules, enforced around each test as a JUnit extension:
 *
 * <ul>
 *   <li><b>Errors on other threads fail the test.</b> Helper threads started by the
 *       {@link Kit} report into its {@link ErrorCollector}, and a default uncaught-exception
 *       handler feeds the same collector for the test's duration (exceptions the test declared
 *       with {@link Kit#tolerateUncaught} excepted); the collector is checked after the
 *       test.</li>
 *   <li><b>A hung test dumps every stack.</b> The test method runs on a watched thread; after
 *       {@link TckTime#testTimeout()} every thread's stack is printed and the test fails.</li>
 *   <li><b>Nothing outlives its test.</b> After the test, the kit releases what it handed out
 *       (gates, child processes, coordinators, helper threads); what it cannot release in time
 *       fails the test.</li>
 *   <li><b>Leaked threads fail the test.</b> Threads alive after the test that were not alive
 *       before it (minus JVM and framework housekeeping) get {@link TckTime#awaitWindow()} to
 *       end; those still alive fail the test with their stacks. Implementation helpers that are
 *       daemon threads with an idle timeout get a shorter grace and may become JVM-wide
 *       residents ({@link ThreadCensus}).</li>
 * </ul>
 *
 * <p>A test marked {@link InChildJvms} keeps the first three rules for its child processes, but
 * sets no uncaught-exception handler and takes no census: it may run beside an in-process test,
 * whose threads and failures are that test's own, and it has nothing in this JVM to watch (the
 * kit refuses it in-process fixtures).
 *
 * <p>Register one per test instance with {@code @RegisterExtension}, beside the kit it drives.
 * JUnit calls it on the test's own threads. In-process tests run one at a time; only tests
 * marked {@link InChildJvms} may run beside them.
 */
public final class TestHygiene implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor {

    /** How long daemon threads created by a test may linger after it, at time factor 1. */
    private static final Duration DAEMON_GRACE = Duration.ofSeconds(3);

    private final Kit kit;
    private volatile String testName = "test";
    private volatile ThreadCensus census;
    private volatile Thread.UncaughtExceptionHandler previousHandler;

    /**
     * Creates the hygiene for the test instance that uses {@code kit}.
     *
     * @param kit the fixtures it releases after each test, and whose error collector it checks
     */
    public TestHygiene(Kit kit) {
        if (kit == null) {
            throw new NullPointerException("kit");
        }
        this.kit = kit;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testName = context.getRequiredTestMethod().getName();
        boolean inChildJvms = context.getTags().contains(ChildJvm.TAG);
        kit.begin(testName, inChildJvms);
        if (inChildJvms) {
            // It may run beside an in-process test (InChildJvms), whose threads and uncaught
            // exceptions are not its own; the kit gives it nothing in this JVM to watch.
            census = null;
            return;
        }
        census = ThreadCensus.now();
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (!kit.tolerates(error)) {
                kit.errors().add("uncaught exception in thread '" + thread.getName() + "'", error);
            }
        });
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
            return null;
        });
        Thread runner = new Thread(task, "tck-test-" + testName);
        runner.setDaemon(true);
        runner.start();
        Duration limit = TckTime.testTimeout();
        try {
            task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            String dump = StackDump.allThreads();
            System.err.println("TCK WATCHDOG: test " + testName + " did not finish within " + limit.toMillis()
                    + " ms; every thread's stack follows" + System.lineSeparator() + dump);
            runner.interrupt();
            throw new AssertionError("test " + testName + " hung: it did not finish within " + limit.toMillis()
                    + " ms (raise " + TckTime.FACTOR_PROPERTY + " only if the machine is slow). Stacks of every thread:"
                    + System.lineSeparator() + dump);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // After a failure, clean up quickly: the test already explains what went wrong, and a broken
        // implementation should not cost a full await window per leftover.
        boolean failed = context.getExecutionException().isPresent();
        Duration cleanup = failed ? TckTime.scaled(Duration.ofSeconds(1)) : TckTime.awaitWindow();
        List<Throwable> problems = kit.release(cleanup);
        List<Thread> leaked = awaitNoNewcomers(cleanup, !failed);
        if (!leaked.isEmpty()) {
            problems.add(new AssertionError(leaked.size() + " thread(s) created during the test were still alive "
                    + cleanup.toMillis() + " ms after it ended (a leak):" + System.lineSeparator()
                    + StackDump.of(leaked)));
        }
        if (census != null) {
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        }
        AssertionError fromOtherThreads = kit.errors().summary();
        if (fromOtherThreads != null) {
            problems.add(0, fromOtherThreads);
        }
        if (!problems.isEmpty()) {
            AssertionError first = problems.get(0) instanceof AssertionError a ? a : new AssertionError(problems.get(0));
            for (int i = 1; i < problems.size(); i++) {
                first.addSuppressed(problems.get(i));
            }
            throw first;
        }
    }

    /**
     * Waits for threads created during the test to end: non-daemon ones for {@code window},
     * daemon ones (implementation helpers with an idle timeout) for at most
     * {@link #DAEMON_GRACE} scaled; daemon threads still alive then may be admitted as JVM-wide
     * residents (see {@link ThreadCensus}), unless the test failed: leftovers of a failed test are
     * reported, never admitted.
     */
    private List<Thread> awaitNoNewcomers(Duration window, boolean admitResidents) {
        ThreadCensus before = census;
        if (before == null) {
            return List.of();
        }
        long start = System.nanoTime();
        long daemonDeadline = start + Math.min(window.toNanos(), TckTime.scaled(DAEMON_GRACE).toNanos());
        long deadline = start + window.toNanos();
        List<Thread> left = before.newcomers();
        while (!left.isEmpty()) {
            long now = System.nanoTime();
            boolean nonDaemonLeft = left.stream().anyMatch(t -> !t.isDaemon());
            if (now >= deadline || (!nonDaemonLeft && now >= daemonDeadline)) {
                break;
            }
            for (Thread t : left) {
                try {
                    t.join(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return left;
                }
            }
            left = before.newcomers();
        }
        return admitResidents ? ThreadCensus.admitResidents(left) : left;
    }
}
