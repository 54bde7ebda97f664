package io.github.terminable.tck.property;

import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.enumValues;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.terminable.tck.property.ShutdownScenario.BodyKind;
import io.github.terminable.tck.property.ShutdownScenario.CallbackKind;
import io.github.terminable.tck.property.ShutdownScenario.CallerPlan;
import io.github.terminable.tck.property.ShutdownScenario.ThreadPlan;
import io.github.terminable.tck.property.ShutdownScenario.Trigger;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates {@link ShutdownScenario}s: 1 to {@value #MAX_THREADS} units, at most
 * {@value #MAX_LOOPS} of them loops, their number skewed small (four scenarios in five have 1 to 6
 * units, about one in twenty has 17 or more), so that most runs are quick and a failure shrinks
 * to a few units; mostly fast callbacks, some that work up to 15 ms first, and some that throw,
 * block past the bound, register new threads or use the default; bodies that end when stopped,
 * at once, a random 3 to 45 ms after their stop signal, or only after 1.5 times the bound (their
 * turn overruns); background loops whose cleanups take time; about one unit in six built with
 * {@code awaitedInTurn(false)}; 0 to 3 callers of {@code terminate()} (up to 6 in large
 * scenarios) at three moments; 1 to 3 concurrent {@code shutdown()} callers; and a trigger
 * before, during or after the starts. Large scenarios keep their run short: at most
 * {@value #MAX_SLOW_UNITS} units whose turn overruns the bound, and linger times divided by 4.
 */
public final class ShutdownScenarios {

    /** The most units (threads and loops) a scenario has. */
    static final int MAX_THREADS = 64;
    /** The most loops a scenario has. */
    static final int MAX_LOOPS = 16;
    /** Above this many units a scenario counts as large. */
    static final int LARGE = 16;
    /** The most units of a large scenario whose turn overruns the bound (a blocking callback or a body that outlives it). */
    static final int MAX_SLOW_UNITS = 2;

    private ShutdownScenarios() {
    }

    /**
     * Returns the scenario generator.
     *
     * @return the generator
     */
    public static Gen<ShutdownScenario> scenarios() {
        // A unit whose turn overruns the bound costs the bound's time, most of a scenario's run:
        // about one unit in 13 overruns (a blocking callback 1 in 27, a body that outlives the
        // bound 1 in 25), so that about 3 scenarios in 10 hold one or more (measured: 54 and 58
        // of 200), and one in 20 two or more.
        Gen<CallbackKind> callback = frequency(List.of(
                Pair.of(12, constant(CallbackKind.FAST)),
                Pair.of(4, constant(CallbackKind.THROWS_EXCEPTION)),
                Pair.of(2, constant(CallbackKind.THROWS_ERROR)),
                Pair.of(1, constant(CallbackKind.BLOCKS_PAST_BOUND)),
                Pair.of(4, constant(CallbackKind.REGISTERS_THREAD)),
                Pair.of(4, constant(CallbackKind.DEFAULT_INTERRUPT))));
        Gen<BodyKind> body = frequency(List.of(
                Pair.of(12, constant(BodyKind.RUNS_UNTIL_TERMINATED)),
                Pair.of(2, constant(BodyKind.ENDS_AT_ONCE)),
                Pair.of(6, constant(BodyKind.ENDS_SLOWLY)),
                Pair.of(1, constant(BodyKind.OUTLIVES_BOUND)),
                Pair.of(4, constant(BodyKind.LOOP))));
        Gen<Integer> linger = range(3, 45);
        Gen<Boolean> awaited = frequency(List.of(Pair.of(5, constant(true)), Pair.of(1, constant(false))));
        Gen<Integer> callbackMillis = frequency(List.of(Pair.of(3, constant(0)), Pair.of(1, range(1, 15))));
        Gen<ThreadPlan> plan = callback.zip(body, linger, awaited, ThreadPlan::new)
                .zip(callbackMillis, (p, ms) -> p.withCallback(p.callback(), ms));
        Gen<Integer> sizes = frequency(List.of(
                Pair.of(16, range(1, 6)),
                Pair.of(3, range(7, LARGE)),
                Pair.of(1, range(LARGE + 1, MAX_THREADS))));
        Gen<Trigger> trigger = frequency(List.of(
                Pair.of(5, constant(Trigger.AFTER_ALL_STARTS)),
                Pair.of(4, constant(Trigger.DURING_STARTS)),
                Pair.of(1, constant(Trigger.BEFORE_ANY_START))));
        return lists().of(plan).ofSizes(sizes).map(ShutdownScenarios::fitted).flatMap(threads -> {
            int n = threads.size();
            boolean large = n > LARGE;
            Gen<CallerPlan> caller = lists().of(range(0, n - 1)).ofSizeBetween(1, Math.min(large ? 8 : 3, n))
                    .zip(enumValues(ShutdownScenario.Moment.class), CallerPlan::new);
            Gen<List<CallerPlan>> callers = lists().of(caller).ofSizeBetween(0, large ? 6 : 3);
            return callers.zip(trigger, range(0, n), range(1, 3),
                    (cs, tr, before, shutdowns) -> new ShutdownScenario(threads, cs, tr, before, shutdowns));
        });
    }

    /**
     * Keeps a scenario within its limits: at most {@value #MAX_LOOPS} loops (later ones become
     * threads), and in a large scenario at most {@value #MAX_SLOW_UNITS} units whose turn
     * overruns the bound and a quarter of each linger time.
     */
    static List<ThreadPlan> fitted(List<ThreadPlan> plans) {
        boolean large = plans.size() > LARGE;
        int loops = 0;
        int slow = 0;
        List<ThreadPlan> out = new ArrayList<>();
        for (ThreadPlan p : plans) {
            if (p.isLoop() && ++loops > MAX_LOOPS) {
                p = p.withBody(BodyKind.RUNS_UNTIL_TERMINATED, 0);
            }
            if (large) {
                boolean overruns = p.callback() == CallbackKind.BLOCKS_PAST_BOUND || p.body() == BodyKind.OUTLIVES_BOUND;
                if (overruns && ++slow > MAX_SLOW_UNITS) {
                    p = p.withCallback(p.callback() == CallbackKind.BLOCKS_PAST_BOUND ? CallbackKind.FAST : p.callback(),
                            p.callbackMillis());
                    if (p.body() == BodyKind.OUTLIVES_BOUND) {
                        p = p.withBody(BodyKind.ENDS_SLOWLY, p.lingerMillis());
                    }
                }
                p = p.withBody(p.body(), p.lingerMillis() / 4);
            }
            out.add(p);
        }
        return out;
    }
}
