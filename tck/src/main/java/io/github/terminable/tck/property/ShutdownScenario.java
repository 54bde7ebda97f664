package io.github.terminable.tck.property;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated shutdown scenario: threads and loops with chosen callbacks, bodies and linger
 * times, awaited in their turn or not, foreground callers of {@code terminate()}, and when the
 * shutdown is triggered relative to the starts.
 *
 * @param threads the threads, registered (started) in list order, named {@code t0, t1, ...}
 * @param callers foreground threads that call {@code terminate()} on some of the threads
 * @param trigger when {@code shutdown()} is called
 * @param startedBeforeTrigger for {@link Trigger#DURING_STARTS}: how many threads are started
 *     before the shutdown races the remaining starts
 * @param shutdownCallers how many threads call {@code shutdown()} at the same moment
 */
public record ShutdownScenario(List<ThreadPlan> threads, List<CallerPlan> callers, Trigger trigger,
                               int startedBeforeTrigger, int shutdownCallers) implements Scenario {

    /** What a thread's termination callback does. */
    public enum CallbackKind {
        /** Stops the body and returns. */
        FAST("stops its body and returns"),
        /** Stops the body, then throws an exception. */
        THROWS_EXCEPTION("stops its body, then throws an IllegalStateException"),
        /** Stops the body, then throws an error. */
        THROWS_ERROR("stops its body, then throws an Error"),
        /** Stops the body, then blocks longer than callbackTimeout. */
        BLOCKS_PAST_BOUND("stops its body, then blocks past callbackTimeout"),
        /** Stops the body, then tries to start a new thread on the same coordinator. */
        REGISTERS_THREAD("stops its body, then starts a new thread on the coordinator"),
        /** None given: the default, which interrupts the thread. */
        DEFAULT_INTERRUPT("the default (interrupts the thread)");

        final String text;

        CallbackKind(String text) {
            this.text = text;
        }
    }

    /** What a thread's body does. */
    public enum BodyKind {
        /** Runs until its callback stops it (or it is interrupted). */
        RUNS_UNTIL_TERMINATED("runs until terminated"),
        /** Returns at once, racing whatever terminates it. */
        ENDS_AT_ONCE("returns at once"),
        /** Runs until stopped, then keeps working for its linger time before it returns. */
        ENDS_SLOWLY("runs until terminated, then keeps working for %d ms"),
        /** Runs until stopped, then keeps working for 1.5 times callbackTimeout: its turn overruns. */
        OUTLIVES_BOUND("runs until terminated, then keeps working for 1.5 times callbackTimeout (its turn overruns)"),
        /**
         * Not a thread but a background loop, created and started at its start position; its first
         * task defers three cleanups that each work for a third of the linger time.
         */
        LOOP("a background loop whose first task defers 3 cleanups of %d ms each");

        final String text;

        BodyKind(String text) {
            this.text = text;
        }
    }

    /** When a caller calls {@code terminate()}. */
    public enum Moment {
        /** Before any thread is started. */
        BEFORE_START,
        /** After the threads started before the trigger, before {@code shutdown()}. */
        BEFORE_SHUTDOWN,
        /** Released together with the {@code shutdown()} callers. */
        DURING_SHUTDOWN
    }

    /** When {@code shutdown()} is called. */
    public enum Trigger {
        /** After every thread has been started. */
        AFTER_ALL_STARTS,
        /** After {@code startedBeforeTrigger} threads, racing the remaining starts. */
        DURING_STARTS,
        /** Before any start: every start must be rejected. */
        BEFORE_ANY_START
    }

    /**
     * One unit of the scenario: a terminable thread, or a background loop.
     *
     * @param callback what its callback does ({@link CallbackKind#DEFAULT_INTERRUPT} for a loop)
     * @param body what its body does
     * @param lingerMillis for {@link BodyKind#ENDS_SLOWLY}: how long it works after its stop signal;
     *     for {@link BodyKind#LOOP}: three times how long each cleanup works
     * @param awaited whether it is built with {@code awaitedInTurn(true)} (rules 3.2 and 3.11)
     * @param callbackMillis how long its callback works before it stops the body (0 for the
     *     default callback, a loop, and a callback that blocks past the bound)
     */
    public record ThreadPlan(CallbackKind callback, BodyKind body, int lingerMillis, boolean awaited,
                             int callbackMillis) {

        /**
         * Normalizes the plan: a loop has no callback of its own, and only a callback that stops
         * its body and then returns or throws works before it.
         *
         * @param callback see the record component
         * @param body see the record component
         * @param lingerMillis see the record component
         * @param awaited see the record component
         * @param callbackMillis see the record component
         */
        public ThreadPlan {
            if (body == BodyKind.LOOP) {
                callback = CallbackKind.DEFAULT_INTERRUPT;
            }
            lingerMillis = Math.max(0, lingerMillis);
            callbackMillis = callback == CallbackKind.DEFAULT_INTERRUPT || callback == CallbackKind.BLOCKS_PAST_BOUND
                    ? 0 : Math.max(0, callbackMillis);
        }

        /**
         * Creates a plan whose callback does not work before it stops the body.
         *
         * @param callback what its callback does
         * @param body what its body does
         * @param lingerMillis see the record component
         * @param awaited see the record component
         */
        public ThreadPlan(CallbackKind callback, BodyKind body, int lingerMillis, boolean awaited) {
            this(callback, body, lingerMillis, awaited, 0);
        }

        /**
         * Creates an awaited thread plan with no linger time.
         *
         * @param callback what its callback does
         * @param body what its body does
         */
        public ThreadPlan(CallbackKind callback, BodyKind body) {
            this(callback, body, 0, true);
        }

        ThreadPlan withCallback(CallbackKind kind, int millis) {
            return new ThreadPlan(kind, body, lingerMillis, awaited, millis);
        }

        ThreadPlan withBody(BodyKind kind, int linger) {
            return new ThreadPlan(callback, kind, linger, awaited, callbackMillis);
        }

        ThreadPlan withAwaited(boolean value) {
            return new ThreadPlan(callback, body, lingerMillis, value, callbackMillis);
        }

        boolean isLoop() {
            return body == BodyKind.LOOP;
        }

        int cleanupMillis() {
            return lingerMillis / 3;
        }

        String describe(int i) {
            String awaitedText = awaited ? "" : "; built with awaitedInTurn(false)";
            String callbackText = callbackMillis == 0 ? callback.text : "works for " + callbackMillis + " ms, then "
                    + callback.text;
            return switch (body) {
                case LOOP -> "create loop t" + i + " at its start position: " + String.format(body.text, cleanupMillis())
                        + awaitedText;
                case ENDS_SLOWLY -> "create unstarted thread t" + i + ": callback " + callbackText + "; body "
                        + String.format(body.text, lingerMillis) + awaitedText;
                default -> "create unstarted thread t" + i + ": callback " + callbackText + "; body " + body.text
                        + awaitedText;
            };
        }
    }

    /**
     * One foreground caller of {@code terminate()}.
     *
     * @param targets indexes of the threads it calls {@code terminate()} on, in order
     * @param when when it runs
     */
    public record CallerPlan(List<Integer> targets, Moment when) {
    }

    /**
     * Validates and copies the components.
     *
     * @param threads see the record component
     * @param callers see the record component
     * @param trigger see the record component
     * @param startedBeforeTrigger see the record component
     * @param shutdownCallers see the record component
     */
    public ShutdownScenario {
        threads = List.copyOf(threads);
        callers = withoutLoopsBeforeStart(threads, callers);
        if (threads.isEmpty() || shutdownCallers < 1) {
            throw new IllegalArgumentException("a scenario needs a thread and a shutdown caller");
        }
        startedBeforeTrigger = trigger == Trigger.DURING_STARTS ? Math.max(0, Math.min(startedBeforeTrigger, threads.size())) : 0;
    }

    /** A loop exists only from its start: a request before any start cannot target it. */
    private static List<CallerPlan> withoutLoopsBeforeStart(List<ThreadPlan> threads, List<CallerPlan> callers) {
        List<CallerPlan> out = new ArrayList<>();
        for (CallerPlan c : callers) {
            if (c.when() != Moment.BEFORE_START) {
                out.add(c);
                continue;
            }
            List<Integer> targets = c.targets().stream().filter(t -> t >= threads.size() || !threads.get(t).isLoop()).toList();
            if (!targets.isEmpty()) {
                out.add(new CallerPlan(targets, c.when()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> steps() {
        List<String> steps = new ArrayList<>();
        steps.add("create an independent coordinator with a short callbackTimeout");
        for (int i = 0; i < threads.size(); i++) {
            steps.add(threads.get(i).describe(i));
        }
        callersAt(Moment.BEFORE_START, steps, "");
        int n = threads.size();
        switch (trigger) {
            case AFTER_ALL_STARTS -> {
                steps.add("start " + range(0, n) + " in order");
                callersAt(Moment.BEFORE_SHUTDOWN, steps, "");
                steps.add(shutdownText() + duringText());
            }
            case DURING_STARTS -> {
                if (startedBeforeTrigger > 0) {
                    steps.add("start " + range(0, startedBeforeTrigger) + " in order");
                }
                callersAt(Moment.BEFORE_SHUTDOWN, steps, "");
                steps.add("at the same moment: start " + range(startedBeforeTrigger, n) + " in order on another thread, and "
                        + shutdownText() + duringText());
            }
            case BEFORE_ANY_START -> {
                callersAt(Moment.BEFORE_SHUTDOWN, steps, "");
                steps.add(shutdownText());
                steps.add("start " + range(0, n) + " in order (each must be rejected)" + duringText());
            }
            default -> throw new IllegalStateException(trigger.name());
        }
        steps.add("await the shutdown's completion; check the invariants");
        return steps;
    }

    private String shutdownText() {
        return shutdownCallers == 1 ? "call shutdown()" : shutdownCallers + " threads call shutdown() at once";
    }

    private String duringText() {
        StringBuilder b = new StringBuilder();
        for (CallerPlan c : callers) {
            if (c.when() == Moment.DURING_SHUTDOWN) {
                b.append("; meanwhile a caller calls terminate() on ").append(names(c.targets()));
            }
        }
        return b.toString();
    }

    private void callersAt(Moment moment, List<String> steps, String suffix) {
        List<CallerPlan> at = callers.stream().filter(c -> c.when() == moment).toList();
        if (at.size() == 1) {
            steps.add("a caller calls terminate() on " + names(at.get(0).targets()) + suffix);
        } else if (at.size() > 1) {
            StringBuilder b = new StringBuilder(at.size() + " callers at once call terminate(): ");
            for (int i = 0; i < at.size(); i++) {
                b.append(i == 0 ? "" : "; ").append("on ").append(names(at.get(i).targets()));
            }
            steps.add(b + suffix);
        }
    }

    private static String names(List<Integer> indexes) {
        List<String> out = new ArrayList<>();
        for (int i : indexes) {
            out.add("t" + i);
        }
        return String.join(", ", out);
    }

    private static String range(int from, int to) {
        if (from >= to) {
            return "no thread";
        }
        return to - from == 1 ? "t" + from : "t" + from + "..t" + (to - 1);
    }

    @Override
    public List<ShutdownScenario> simpler() {
        List<ShutdownScenario> out = new ArrayList<>();
        int n = threads.size();
        if (n >= 4) {
            // halve first: a large failing scenario gets small in a few runs, not one unit per run
            out.add(withoutThreads(n / 2, n));
            out.add(withoutThreads(0, n / 2));
        }
        if (callers.size() > 1) {
            out.add(new ShutdownScenario(threads, List.of(), trigger, startedBeforeTrigger, shutdownCallers));
        }
        for (int j = 0; j < callers.size(); j++) {
            List<CallerPlan> fewer = new ArrayList<>(callers);
            fewer.remove(j);
            out.add(new ShutdownScenario(threads, fewer, trigger, startedBeforeTrigger, shutdownCallers));
        }
        for (int i = 0; n > 1 && i < n; i++) {
            out.add(withoutThreads(i, i + 1));
        }
        if (shutdownCallers > 1) {
            out.add(new ShutdownScenario(threads, callers, trigger, startedBeforeTrigger, 1));
        }
        if (trigger != Trigger.AFTER_ALL_STARTS) {
            out.add(new ShutdownScenario(threads, callers, Trigger.AFTER_ALL_STARTS, 0, shutdownCallers));
        }
        for (int i = 0; i < n; i++) {
            ThreadPlan p = threads.get(i);
            if ((p.callback() != CallbackKind.FAST || p.callbackMillis() > 0) && !p.isLoop()) {
                out.add(withThread(i, p.withCallback(CallbackKind.FAST, 0)));
            }
            if (p.body() != BodyKind.RUNS_UNTIL_TERMINATED) {
                out.add(withThread(i, p.withBody(BodyKind.RUNS_UNTIL_TERMINATED, 0)));
            }
            if (!p.awaited()) {
                out.add(withThread(i, p.withAwaited(true)));
            }
            if (p.lingerMillis() > 10 && (p.body() == BodyKind.ENDS_SLOWLY || p.isLoop())) {
                out.add(withThread(i, p.withBody(p.body(), p.lingerMillis() / 2)));
            }
            if (p.callbackMillis() > 0) {
                out.add(withThread(i, p.withCallback(p.callback(), 0)));
            }
        }
        for (int j = 0; j < callers.size(); j++) {
            CallerPlan c = callers.get(j);
            if (c.targets().size() > 1) {
                for (int t : c.targets()) {
                    out.add(withCaller(j, new CallerPlan(List.of(t), c.when())));
                }
            }
            if (c.when() != Moment.BEFORE_SHUTDOWN) {
                out.add(withCaller(j, new CallerPlan(c.targets(), Moment.BEFORE_SHUTDOWN)));
            }
        }
        return out;
    }

    /** The scenario without the units {@code from} to {@code to - 1}; callers' targets are renumbered. */
    private ShutdownScenario withoutThreads(int from, int to) {
        int removed = to - from;
        List<ThreadPlan> fewer = new ArrayList<>(threads.subList(0, from));
        fewer.addAll(threads.subList(to, threads.size()));
        List<CallerPlan> remapped = new ArrayList<>();
        for (CallerPlan c : callers) {
            List<Integer> targets = new ArrayList<>();
            for (int t : c.targets()) {
                if (t < from) {
                    targets.add(t);
                } else if (t >= to) {
                    targets.add(t - removed);
                }
            }
            if (!targets.isEmpty()) {
                remapped.add(new CallerPlan(targets, c.when()));
            }
        }
        int before = startedBeforeTrigger <= from ? startedBeforeTrigger
                : startedBeforeTrigger >= to ? startedBeforeTrigger - removed : from;
        return new ShutdownScenario(fewer, remapped, trigger, before, shutdownCallers);
    }

    private ShutdownScenario withThread(int i, ThreadPlan plan) {
        List<ThreadPlan> changed = new ArrayList<>(threads);
        changed.set(i, plan);
        return new ShutdownScenario(changed, callers, trigger, startedBeforeTrigger, shutdownCallers);
    }

    private ShutdownScenario withCaller(int j, CallerPlan plan) {
        List<CallerPlan> changed = new ArrayList<>(callers);
        changed.set(j, plan);
        return new ShutdownScenario(threads, changed, trigger, startedBeforeTrigger, shutdownCallers);
    }

    @Override
    public int size() {
        int size = threads.size() * 4 + shutdownCallers + (trigger == Trigger.AFTER_ALL_STARTS ? 0 : 2);
        for (ThreadPlan p : threads) {
            size += (p.callback() == CallbackKind.FAST || p.isLoop() ? 0 : 1) + (p.body() == BodyKind.RUNS_UNTIL_TERMINATED ? 0 : 1)
                    + (p.awaited() ? 0 : 1) + p.lingerMillis() / 20 + (p.callbackMillis() + 9) / 10;
        }
        for (CallerPlan c : callers) {
            size += 2 + c.targets().size();
        }
        return size;
    }

    @Override
    public String toString() {
        return Scenario.render(steps());
    }
}
