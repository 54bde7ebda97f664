package io.github.terminable.tck.harness;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The fixtures every TCK test uses: coordinators, gates, helper threads, child JVMs, waits and
 * captures. Everything it hands out is released when the test ends: gates are opened, child JVMs
 * destroyed, helper threads joined, and every coordinator is shut down and awaited.
 *
 * <p>A kit does not enforce anything by itself; {@link TestHygiene}, registered beside it,
 * drives its life cycle and turns what it sees (errors on other threads, leaked threads, hangs)
 * into test failures. One kit serves one test instance. Its methods may be called from any
 * thread while the test runs.
 */
public final class Kit {

    private static final AtomicInteger COORDINATORS = new AtomicInteger();

    private final Supplier<TerminableProvider> providerSource;
    private final ErrorCollector errors = new ErrorCollector();
    private final Journal journal = new Journal();
    private final List<TerminationCoordinator> coordinators = new CopyOnWriteArrayList<>();
    private final List<Thread> helpers = new CopyOnWriteArrayList<>();
    private final List<Gate> gates = new CopyOnWriteArrayList<>();
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final List<Runnable> closers = new CopyOnWriteArrayList<>();
    private final List<Predicate<Throwable>> toleratedUncaught = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    private volatile StdErrCapture capture;
    private volatile String testName = "test";
    private volatile boolean inChildJvms = true;

    /**
     * Creates the harness for one test instance.
     *
     * @param providerSource where the implementation under test comes from; called lazily
     */
    public Kit(Supplier<TerminableProvider> providerSource) {
        this.providerSource = providerSource;
    }

    // ---------------------------------------------------------------- life cycle (TestHygiene)

    /**
     * Called by {@link TestHygiene} before the test: names what this kit hands out after it, and
     * says whether it is a child-JVM test (it carries {@link ChildJvm#TAG}): only such a test may
     * start child processes, and only the other tests get fixtures in this JVM.
     */
    void begin(String testName, boolean inChildJvms) {
        this.testName = testName;
        this.inChildJvms = inChildJvms;
    }

    /**
     * Every child process of a test starts here: only a test tagged {@link ChildJvm#TAG} gets one.
     * Checked before anything else, so a refused test has started and resolved nothing.
     */
    private ChildJvm child(String mainClass, Supplier<String> providerClass) {
        if (!inChildJvms) {
            throw new IllegalStateException("test " + testName + " starts a child process but is not tagged @Tag(\""
                    + ChildJvm.TAG + "\") (on the test or its group): untagged tests must run in this JVM, "
                    + "so that runs which leave child-JVM tests out by tag leave out all of them");
        }
        return new ChildJvm(mainClass, providerClass.get()).onStart(children::add);
    }

    /**
     * Every fixture that lives in this JVM starts here: a test marked {@link InChildJvms} may run
     * beside an in-process test, so it gets none (its hygiene watches no thread of this JVM).
     */
    private void inThisJvm(String fixture) {
        if (inChildJvms) {
            throw new IllegalStateException("test " + testName + " asks for " + fixture + " in this JVM but is tagged \""
                    + ChildJvm.TAG + "\": a child-JVM test may run beside an in-process test, so it observes the"
                    + " implementation in child processes only; move this part into an untagged test");
        }
    }

    /** Whether an uncaught exception is one the test declared as expected. */
    boolean tolerates(Throwable uncaught) {
        for (Predicate<Throwable> tolerated : toleratedUncaught) {
            if (tolerated.test(uncaught)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Called by {@link TestHygiene} after the test: releases everything this kit handed out, in
     * the order that lets each step end the next one's work. Gates open first (so blocked bodies
     * and callbacks can go on), then the test's own close actions run newest first, child
     * processes are destroyed, every coordinator is shut down and awaited within
     * {@code cleanup}, helper threads are joined, and {@code System.err} is restored.
     *
     * @return what went wrong, in that order; empty if nothing did
     */
    List<Throwable> release(Duration cleanup) {
        List<Throwable> problems = new ArrayList<>();
        gates.forEach(Gate::open);
        List<Runnable> reversed = new ArrayList<>(closers);
        Collections.reverse(reversed);
        for (Runnable r : reversed) {
            try {
                r.run();
            } catch (Throwable t) {
                problems.add(t);
            }
        }
        children.forEach(ChildProcess::close);
        for (TerminationCoordinator c : coordinators) {
            try {
                ShutdownReport report = c.shutdown().await(cleanup);
                if (!report.completed()) {
                    problems.add(new AssertionError("coordinator '" + c.name() + "' did not complete its shutdown within "
                            + cleanup.toMillis() + " ms after the test: " + report.describe()));
                }
            } catch (Throwable t) {
                problems.add(new AssertionError("shutting down coordinator '" + c.name() + "' after the test failed: " + t, t));
            }
        }
        for (Thread helper : helpers) {
            try {
                helper.join(cleanup.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (helper.isAlive()) {
                problems.add(new AssertionError("helper thread '" + helper.getName() + "' did not end: "
                        + System.lineSeparator() + StackDump.of(List.of(helper))));
            }
        }
        StdErrCapture c = capture;
        if (c != null) {
            c.restore();
            capture = null;
        }
        return problems;
    }

    // ---------------------------------------------------------------- what tests use

    /**
     * Returns the implementation under test.
     *
     * @return the provider
     */
    public TerminableProvider provider() {
        TerminableProvider p = providerSource.get();
        if (p == null) {
            throw new IllegalStateException("the TCK's provider() hook returned null");
        }
        return p;
    }

    /**
     * Returns a name unique within this test, for threads, loops and coordinators.
     *
     * @param base a readable stem
     * @return {@code base-N}
     */
    public String name(String base) {
        return base + "-" + names.incrementAndGet();
    }

    /**
     * Creates an independent coordinator with a relaxed callback bound; it is shut down and
     * awaited when the test ends.
     *
     * @return a new coordinator
     */
    public TerminationCoordinator coordinator() {
        return coordinator(b -> b);
    }

    /**
     * Creates an independent coordinator from the test defaults adjusted by {@code tweak}; it is
     * shut down and awaited when the test ends.
     *
     * @param tweak adjusts the default test settings
     * @return a new coordinator
     */
    public TerminationCoordinator coordinator(UnaryOperator<CoordinatorSettings.Builder> tweak) {
        inThisJvm("a coordinator");
        TerminationCoordinator c = provider().newCoordinator(tweak.apply(settingsBuilder()).build());
        if (c == null) {
            throw new AssertionError("provider.newCoordinator(settings) returned null");
        }
        coordinators.add(c);
        return c;
    }

    /**
     * Returns the settings {@link #coordinator()} uses, with a fresh name, for a test that creates
     * a coordinator the kit must not hold (such a test shuts it down itself).
     *
     * @return a builder of the test defaults
     */
    public CoordinatorSettings.Builder settingsBuilder() {
        return CoordinatorSettings.builder()
                .name("tck-" + testName + "-" + COORDINATORS.incrementAndGet())
                .callbackTimeout(TckTime.relaxedCallbackTimeout())
                .shutdownDeadline(TckTime.awaitWindow());
    }

    /**
     * Shuts a coordinator down and waits for completion within the await window, failing with
     * the report if it does not complete.
     *
     * @param coordinator the coordinator
     * @return the completed report
     * @throws InterruptedException if interrupted
     */
    public ShutdownReport shutdownAndAwait(TerminationCoordinator coordinator) throws InterruptedException {
        return awaitCompleted(coordinator.shutdown());
    }

    /**
     * Waits for a shutdown's completion within the await window, failing with the report if it
     * does not complete.
     *
     * @param completion the completion handle of a shutdown
     * @return the completed report
     * @throws InterruptedException if interrupted
     */
    public ShutdownReport awaitCompleted(ShutdownCompletion completion) throws InterruptedException {
        ShutdownReport report = completion.await(TckTime.awaitWindow());
        if (!report.completed()) {
            throw new AssertionError("shutdown did not complete within " + TckTime.awaitWindow().toMillis()
                    + " ms: " + report.describe());
        }
        return report;
    }

    /**
     * Adds a new {@link RecordingListener} to {@code coordinator}.
     *
     * @param coordinator the coordinator to listen to
     * @return the listener, already added
     */
    public RecordingListener listenTo(TerminationCoordinator coordinator) {
        RecordingListener listener = new RecordingListener();
        coordinator.addListener(listener);
        return listener;
    }

    /**
     * Returns the test's journal.
     *
     * @return the journal
     */
    public Journal journal() {
        return journal;
    }

    /**
     * Returns the collector of failures seen on other threads.
     *
     * @return the collector
     */
    public ErrorCollector errors() {
        return errors;
    }

    /**
     * Starts a background loop on {@code coordinator}, named {@link #name name(stem)}. It ends with
     * its coordinator's shutdown: for a coordinator from {@link #coordinator()}, at the latest when
     * the test ends.
     *
     * @param coordinator the loop's coordinator
     * @param stem a readable stem of the loop's name
     * @return the started loop
     */
    public BackgroundLoop startLoop(TerminationCoordinator coordinator, String stem) {
        return coordinator.loopBuilder().name(name(stem)).start();
    }

    /**
     * Starts a background loop, named {@link #name name(stem)}, on a new {@link #coordinator()}
     * of its own, for a test that needs the loop and not its coordinator.
     *
     * @param stem a readable stem of the loop's name
     * @return the started loop
     */
    public BackgroundLoop startLoop(String stem) {
        return startLoop(coordinator(), stem);
    }

    /**
     * Returns a new closed gate, opened at the latest when the test ends.
     *
     * @param name for messages
     * @return the gate
     */
    public Gate gate(String name) {
        Gate g = new Gate(name);
        gates.add(g);
        return g;
    }

    /**
     * Starts a helper thread whose failures fail the test; it is joined when the test ends.
     *
     * @param name the thread's name
     * @param body what it runs
     * @return the started thread
     */
    public Thread spawn(String name, ErrorCollector.ThrowingRunnable body) {
        inThisJvm("a helper thread");
        Thread t = new Thread(() -> errors.guard("helper " + name, body), name);
        t.setDaemon(true);
        helpers.add(t);
        t.start();
        return t;
    }

    /**
     * Runs {@code action} on a helper thread and fails unless it returns within {@code bound}:
     * the way to assert that a call does not block.
     *
     * @param <T> the result type
     * @param what a description for the failure message
     * @param bound how long it may take
     * @param action the call
     * @return its result
     * @throws Exception whatever the action threw
     */
    public <T> T returnsWithin(String what, Duration bound, Callable<T> action) throws Exception {
        inThisJvm("a helper thread");
        FutureTask<T> task = new FutureTask<>(action);
        Thread t = new Thread(task, "tck-call-" + names.incrementAndGet());
        t.setDaemon(true);
        helpers.add(t);
        t.start();
        try {
            return task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not return within " + bound.toMillis() + " ms; it is blocked at:"
                    + System.lineSeparator() + StackDump.of(List.of(t)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * Waits, within the await window, until {@code condition} holds.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     */
    public void awaitUntil(String what, BooleanSupplier condition) {
        try {
            Awaitility.await(what).pollInSameThread().atMost(TckTime.awaitWindow()).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected within " + TckTime.awaitWindow().toMillis() + " ms: " + what, e);
        }
    }

    /**
     * Watches {@code condition} for the quiet window and fails if it ever holds.
     *
     * @param what what must not happen, for the failure message
     * @param condition the condition that must stay false
     */
    public void assertNever(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + TckTime.quietWindow().toNanos();
        do {
            if (condition.getAsBoolean()) {
                throw new AssertionError("must not happen, but did: " + what);
            }
            try {
                SimulatedWork.takes(Duration.ofMillis(5)); // the poll interval within the window
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while watching that this never happens: " + what, e);
            }
        } while (System.nanoTime() < end);
        if (condition.getAsBoolean()) {
            throw new AssertionError("must not happen, but did: " + what);
        }
    }

    /**
     * Starts capturing {@code System.err} until the test ends.
     *
     * @return the capture
     */
    public StdErrCapture captureStdErr() {
        inThisJvm("a capture of System.err");
        if (capture == null) {
            capture = new StdErrCapture();
        }
        return capture;
    }

    /**
     * Creates a temporary directory that is deleted, with its contents, when the test ends.
     *
     * @param prefix a prefix for its name
     * @return the directory
     * @throws java.io.IOException if it cannot be created
     */
    public java.nio.file.Path tempDirectory(String prefix) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(prefix);
        closers.add(() -> {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // best effort: a temp directory left behind is harmless
            }
        });
        return dir;
    }

    /**
     * Ignores uncaught exceptions matching {@code which} (for tests whose bodies throw on
     * purpose).
     *
     * @param which the uncaught exceptions to tolerate
     */
    public void tolerateUncaught(Predicate<Throwable> which) {
        inThisJvm("tolerated uncaught exceptions");
        toleratedUncaught.add(which);
    }

    /**
     * Registers an action to run when the test ends, before coordinators are shut down.
     *
     * @param action the action
     */
    public void onClose(Runnable action) {
        closers.add(action);
    }

    /**
     * Describes a child JVM running {@code mainClass} against the implementation under test.
     *
     * @param mainClass the scenario's main class (in the TCK jar)
     * @return a child description; start it with {@link ChildJvm#start()}
     * @throws IllegalStateException if the test is not tagged {@link ChildJvm#TAG}
     */
    public ChildJvm childJvm(Class<?> mainClass) {
        return child(mainClass.getName(), () -> provider().getClass().getName());
    }

    /**
     * Describes a child JVM with no provider property set.
     *
     * @param mainClass the scenario's main class
     * @return a child description
     * @throws IllegalStateException if the test is not tagged {@link ChildJvm#TAG}
     */
    public ChildJvm childJvmWithoutProvider(Class<?> mainClass) {
        return child(mainClass.getName(), () -> null);
    }

    /**
     * Starts an arbitrary process (such as {@code jshell}) under the same child-process rules:
     * at most {@value ChildJvm#MAX_CONCURRENT} at once, destroyed when the test ends.
     *
     * @param command the command line
     * @return the running process
     * @throws IllegalStateException if the test is not tagged {@link ChildJvm#TAG}
     * @throws Exception if it cannot be started
     */
    public ChildProcess startProcess(List<String> command) throws Exception {
        return child("unused", () -> null).start(command);
    }
}
