package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.addPrintingHook;
import static io.github.terminable.tck.child.ScenarioSupport.addPrintingListener;
import static io.github.terminable.tck.child.ScenarioSupport.say;
import static io.github.terminable.tck.child.ScenarioSupport.worker;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The shutdown paths of the JVM-wide coordinator (section 4), one per {@link Mode} (the first
 * argument, by name). Each mode installs the global coordinator, starts workers {@code w1}, {@code w2},
 * {@code w3} in that order (so their callbacks must come in the order w3, w2, w1), prints
 * {@code READY}, and then ends its {@code main} the way the mode says.
 *
 * <ul>
 *   <li>{@code RETURNS}: main returns (quiescence, rules 4.2 and 4.11).</li>
 *   <li>{@code THROWS}: main throws (rule 4.3).</li>
 *   <li>{@code EXIT}: main calls {@code System.exit(3)}; a user hook meets the first callback
 *       half-way, which is only possible if the terminate phase runs beside other hooks
 *       (rules 4.6 and 4.11).</li>
 *   <li>{@code SIGNAL}: main blocks; the parent sends a signal (rule 4.7).</li>
 *   <li>{@code DEADLINE}: a thread ignores termination, main calls {@code System.exit(0)}
 *       (rule 4.8). {@code DEADLINE_BLOCKING_LISTENER} is the same with a second listener whose
 *       {@code deadlineMissed} blocks for good.</li>
 *   <li>{@code CALLBACK_EXIT}, {@code CALLBACK_EXIT_EXPLICIT}: w3's callback calls
 *       {@code System.exit(7)}, after quiescence or after an explicit {@code terminate()}
 *       (rule 4.9).</li>
 *   <li>{@code KEEPALIVE}: a plain non-daemon thread, and then another one it starts, keep the
 *       program running until the parent releases them through standard input; the first one
 *       samples the quiescence watcher's stack meanwhile (rules 4.4 and 4.5).</li>
 *   <li>{@code VIRTUAL}: only a virtual terminable thread is left when main returns (rule 6.1).</li>
 *   <li>{@code ISOLATION}: a global and an independent coordinator each run a thread; main
 *       returns; the parent later sends SIGTERM (rule 2.5).</li>
 *   <li>{@code CALLBACK_TAIL}: one thread {@code w1}, and main returns; its callback interrupts
 *       it, waits for it with {@code TerminableThread.join(Duration)} (printing
 *       {@code JOINED w1 <ended>}), and then runs on, printing {@code CALLBACK-TAIL w1} as its
 *       last act: after the last terminable thread has ended, only the callback is left
 *       (rule 4.11).</li>
 *   <li>{@code LISTENER_TAIL}: one thread {@code w1}, not awaited in its turn
 *       ({@code awaitedInTurn(false)}), and main returns; its callback prints and returns, and
 *       its body ends a moment later (printing {@code ENDED w1}), so that the thread ends after
 *       the terminate phase has run every turn, and it is the thread's end that completes the
 *       shutdown; a listener told of the change to
 *       {@code TERMINATED} runs on a while and prints {@code LISTENER-TAIL} as its last act
 *       (rule 4.11.d: the final phase change is delivered before the JVM's hooks).</li>
 *   <li>{@code INTERRUPTED_WATCHER}: one thread {@code w1}; main interrupts every daemon thread
 *       the installation started that waits in {@code Thread.join} (the quiescence watcher,
 *       rule 4.5), then returns; a plain non-daemon thread that joined main does the same again
 *       and ends. Each round prints {@code INTERRUPTED <round> <count>}. The watcher must still
 *       detect quiescence (rule 4.5).</li>
 * </ul>
 */
public final class ShutdownPathScenario {

    /** How the scenario's {@code main} ends; the class comment describes each. */
    public enum Mode {
        /** Main returns. */
        RETURNS,
        /** Main throws. */
        THROWS,
        /** Main calls {@code System.exit(3)} while a user hook meets the first callback. */
        EXIT,
        /** Main blocks until the parent's signal. */
        SIGNAL,
        /** A thread ignores termination; main calls {@code System.exit(0)}. */
        DEADLINE,
        /** As {@link #DEADLINE}, with a listener that blocks in {@code deadlineMissed}. */
        DEADLINE_BLOCKING_LISTENER,
        /** A callback run at quiescence calls {@code System.exit(7)}. */
        CALLBACK_EXIT,
        /** A callback run by an explicit {@code terminate()} calls {@code System.exit(7)}. */
        CALLBACK_EXIT_EXPLICIT,
        /** Plain non-daemon threads keep the program running until the parent releases them. */
        KEEPALIVE,
        /** Only a virtual terminable thread is left when main returns. */
        VIRTUAL,
        /** A global and an independent coordinator each run a thread. */
        ISOLATION,
        /** Main returns; the callback of the last thread runs on after that thread ended. */
        CALLBACK_TAIL,
        /** Main returns; the last thread, not awaited in its turn, ends after every turn; a listener of the last phase change runs on. */
        LISTENER_TAIL,
        /** The watcher is interrupted while it joins main and while it joins a blocker. */
        INTERRUPTED_WATCHER
    }

    private ShutdownPathScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args the {@link Mode}'s name
     * @throws Exception if the scenario fails
     */
    public static void main(String[] args) throws Exception {
        Mode mode = ScenarioSupport.mode(Mode.class, args);
        ScenarioSupport.printIgnoredSignals();
        Set<Thread> before = ScenarioSupport.liveThreads();
        TerminationCoordinator global = Terminables.global();
        Set<Thread> installed = ScenarioSupport.liveThreads();
        installed.removeAll(before);
        ScenarioSupport.captureHookThreads();
        addPrintingListener(global);
        addPrintingHook(global);
        switch (mode) {
            case RETURNS -> {
                startThree(global);
                say("READY");
            }
            case THROWS -> {
                startThree(global);
                say("READY");
                throw new IllegalStateException("planned failure of main");
            }
            case EXIT -> exitWithRendezvous(global);
            case SIGNAL -> {
                startThree(global);
                say("READY");
                new CountDownLatch(1).await();
            }
            case DEADLINE, DEADLINE_BLOCKING_LISTENER -> deadline(global, mode == Mode.DEADLINE_BLOCKING_LISTENER);
            case CALLBACK_EXIT, CALLBACK_EXIT_EXPLICIT -> callbackExit(global, mode == Mode.CALLBACK_EXIT_EXPLICIT);
            case KEEPALIVE -> keepAlive(global, installed);
            case VIRTUAL -> {
                TerminableThread v = global.threadBuilder().name("v1").virtual(true)
                        .onTerminate(ScenarioSupport.printingCallback("v1")).start(ScenarioSupport.waitingBody("v1"));
                say("VIRTUAL " + v.thread().isDaemon());
                say("READY");
            }
            case ISOLATION -> {
                int hooks = ScenarioSupport.hookCount();
                TerminationCoordinator independent = Terminables.newCoordinator();
                addPrintingListener(independent);
                say("HOOKS-ADDED-BY-INDEPENDENT " + (ScenarioSupport.hookCount() - hooks));
                worker(global, "g1");
                worker(independent, "i1");
                say("READY");
            }
            case CALLBACK_TAIL -> {
                global.threadBuilder().name("w1").onTerminate(t -> {
                    ScenarioSupport.printingCallback("w1").onTerminate(t);
                    say("JOINED w1 " + t.join(java.time.Duration.ofMillis(ScenarioSupport.scaledMillis(30_000))));
                    ScenarioSupport.pause(300);
                    say("CALLBACK-TAIL w1");
                }).start(ScenarioSupport.waitingBody("w1"));
                say("READY");
            }
            case LISTENER_TAIL -> listenerTail(global);
            case INTERRUPTED_WATCHER -> interruptedWatcher(global, before);
        }
    }

    private static void listenerTail(TerminationCoordinator global) {
        global.addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                if (to == CoordinatorPhase.TERMINATED) {
                    ScenarioSupport.pause(300);
                    say("LISTENER-TAIL " + from + " " + to);
                }
            }
        });
        CountDownLatch called = new CountDownLatch(1);
        global.threadBuilder().name("w1").awaitedInTurn(false).onTerminate(t -> {
            say("CALLBACK w1");
            called.countDown();
        }).start(() -> {
            try {
                called.await();
            } catch (InterruptedException e) {
                say("UNEXPECTED-INTERRUPT w1"); // nothing interrupts w1: its callback does not
            }
            ScenarioSupport.pause(200); // the callback has long returned when the thread ends
            say("ENDED w1");
        });
        say("READY");
    }

    private static void interruptedWatcher(TerminationCoordinator global, Set<Thread> before) {
        worker(global, "w1");
        Thread main = Thread.currentThread();
        interruptJoiners(before, "while-joining-main");
        Thread blocker = new Thread(() -> {
            join(main);
            interruptJoiners(before, "while-joining-a-blocker");
            say("BLOCKER-ENDS");
        }, "tck-interrupting-blocker");
        blocker.start();
        say("READY");
    }

    /**
     * Waits (up to 5 s, scaled) for daemon threads started since {@code before} that wait in
     * {@code Thread.join}, interrupts each of them three times, and prints how many there were.
     */
    private static void interruptJoiners(Set<Thread> before, String round) {
        long until = System.nanoTime() + ScenarioSupport.scaledMillis(5000) * 1_000_000L;
        List<Thread> joiners;
        do {
            joiners = ScenarioSupport.liveThreads().stream()
                    .filter(t -> t.isDaemon() && !before.contains(t) && t.getState() == Thread.State.WAITING)
                    .filter(ShutdownPathScenario::inJoin).toList();
        } while (joiners.isEmpty() && System.nanoTime() < until && pauseBriefly());
        for (int i = 0; i < 3; i++) {
            joiners.forEach(Thread::interrupt);
            pauseBriefly(); // lets the watcher handle one interrupt before the next, not a correctness wait
        }
        say("INTERRUPTED " + round + " " + joiners.size());
    }

    private static boolean inJoin(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("join")) {
                return true;
            }
        }
        return false;
    }

    private static boolean pauseBriefly() {
        try {
            TimeUnit.MILLISECONDS.sleep(10);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void startThree(TerminationCoordinator global) {
        worker(global, "w1");
        worker(global, "w2");
        worker(global, "w3");
    }

    private static void exitWithRendezvous(TerminationCoordinator global) {
        CountDownLatch callbackStarted = new CountDownLatch(1);
        CountDownLatch hookStarted = new CountDownLatch(1);
        long wait = ScenarioSupport.scaledMillis(5000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hookStarted.countDown();
            boolean met = await(callbackStarted, wait);
            say("USER-HOOK rendezvous=" + met);
        }, "tck-rendezvous-hook"));
        worker(global, "w1");
        worker(global, "w2");
        global.threadBuilder().name("w3").onTerminate(t -> {
            callbackStarted.countDown();
            boolean met = await(hookStarted, wait);
            say("CALLBACK-RENDEZVOUS " + met);
            ScenarioSupport.printingCallback("w3").onTerminate(t);
        }).start(ScenarioSupport.waitingBody("w3"));
        say("READY");
        System.exit(3);
    }

    private static void deadline(TerminationCoordinator global, boolean blockListener) {
        if (blockListener) {
            global.addListener(new TerminationListener() {
                @Override
                public void deadlineMissed(ShutdownReport report) {
                    say("LISTENER-BLOCKS");
                    ScenarioSupport.blockForever();
                }
            });
        }
        worker(global, "w1");
        global.threadBuilder().name("stubborn").onTerminate(t -> say("CALLBACK stubborn ignored"))
                .start(ShutdownPathScenario::ignoreTerminationForever);
        say("READY");
        say("EXITING");
        System.exit(0);
    }

    /** The stubborn thread's body: code that does not honour termination (named for its stack). */
    private static void ignoreTerminationForever() {
        ScenarioSupport.blockForever();
    }

    private static void callbackExit(TerminationCoordinator global, boolean explicit) throws InterruptedException {
        worker(global, "w1");
        worker(global, "w2");
        TerminableThread exiter = global.threadBuilder().name("w3").onTerminate(t -> {
            say("CALLBACK w3 calls System.exit(7)");
            t.thread().interrupt();
            System.exit(7);
        }).start(ScenarioSupport.waitingBody("w3"));
        say("READY");
        if (explicit) {
            exiter.terminate();
            new CountDownLatch(1).await();
        }
    }

    private static void keepAlive(TerminationCoordinator global, Set<Thread> installed) {
        worker(global, "w1");
        Thread main = Thread.currentThread();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread first = new Thread(() -> {
            join(main);
            sampleWatcher(installed);
            awaitLine(in, "release-1");
            Thread second = new Thread(() -> awaitLine(in, "release-2"), "tck-blocker-2");
            second.start();
            say("BLOCKER-2 started");
        }, "tck-blocker-1");
        first.start();
        say("READY");
    }

    /** Samples the stacks of the daemon threads the installation started, while a blocker is alive. */
    private static void sampleWatcher(Set<Thread> installed) {
        List<Thread> candidates = installed.stream().filter(Thread::isDaemon).toList();
        say("WATCHER-CANDIDATES " + candidates.size());
        // Give the watcher a moment to notice that main ended and to settle on this blocker.
        long settle = System.nanoTime() + ScenarioSupport.scaledMillis(2000) * 1_000_000L;
        while (System.nanoTime() < settle && candidates.stream().noneMatch(t -> t.getState() == Thread.State.WAITING)) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 20; i++) {
            for (Thread t : candidates) {
                StackTraceElement[] stack = t.getStackTrace();
                boolean joining = false;
                boolean sleeping = false;
                for (StackTraceElement f : stack) {
                    if (f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("join")) {
                        joining = true;
                    }
                    if (f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("sleep")) {
                        sleeping = true;
                    }
                }
                say("WATCHER-SAMPLE " + t.getName() + " state=" + t.getState() + " joining=" + joining + " sleeping="
                        + sleeping);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10); // spacing between samples, not a correctness wait
            } catch (InterruptedException e) {
                return;
            }
        }
        say("SAMPLED");
    }

    private static void awaitLine(BufferedReader in, String expected) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals(expected)) {
                    say("RELEASED " + expected);
                    return;
                }
            }
        } catch (IOException e) {
            say("STDIN-FAILED " + e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean await(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }
}
