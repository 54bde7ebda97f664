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

import java.util.List;

/**
 * Generates {@link ShutdownScenario}s: 1 to 7 units with mostly fast callbacks and some that
 * throw, block past the bound, register new threads or use the default; bodies that end when
 * stopped, at once, a random 3 to 45 ms after their stop signal, or only after 1.5 times the bound
 * (their turn overruns); background loops whose cleanups take time; about one unit in six built
 * with {@code awaitedInTurn(false)}; 0 to 3 callers of
 * {@code terminate()} at three moments; 1 to 3 concurrent {@code shutdown()} callers; and a
 * trigger before, during or after the starts.
 */
public final class ShutdownScenarios {

    /** The most threads a scenario has. */
    static final int MAX_THREADS = 7;

    private ShutdownScenarios() {
    }

    /**
     * Returns the scenario generator.
     *
     * @return the generator
     */
    public static Gen<ShutdownScenario> scenarios() {
        Gen<CallbackKind> callback = frequency(List.of(
                Pair.of(6, constant(CallbackKind.FAST)),
                Pair.of(2, constant(CallbackKind.THROWS_EXCEPTION)),
                Pair.of(1, constant(CallbackKind.THROWS_ERROR)),
                Pair.of(1, constant(CallbackKind.BLOCKS_PAST_BOUND)),
                Pair.of(2, constant(CallbackKind.REGISTERS_THREAD)),
                Pair.of(2, constant(CallbackKind.DEFAULT_INTERRUPT))));
        Gen<BodyKind> body = frequency(List.of(
                Pair.of(6, constant(BodyKind.RUNS_UNTIL_TERMINATED)),
                Pair.of(1, constant(BodyKind.ENDS_AT_ONCE)),
                Pair.of(3, constant(BodyKind.ENDS_SLOWLY)),
                Pair.of(1, constant(BodyKind.OUTLIVES_BOUND)),
                Pair.of(2, constant(BodyKind.LOOP))));
        Gen<Integer> linger = range(3, 45);
        Gen<Boolean> awaited = frequency(List.of(Pair.of(5, constant(true)), Pair.of(1, constant(false))));
        Gen<ThreadPlan> plan = callback.zip(body, linger, awaited, ThreadPlan::new);
        Gen<Trigger> trigger = frequency(List.of(
                Pair.of(5, constant(Trigger.AFTER_ALL_STARTS)),
                Pair.of(4, constant(Trigger.DURING_STARTS)),
                Pair.of(1, constant(Trigger.BEFORE_ANY_START))));
        return lists().of(plan).ofSizeBetween(1, MAX_THREADS).flatMap(threads -> {
            int n = threads.size();
            Gen<CallerPlan> caller = lists().of(range(0, n - 1)).ofSizeBetween(1, Math.min(3, n))
                    .zip(enumValues(ShutdownScenario.Moment.class), CallerPlan::new);
            Gen<List<CallerPlan>> callers = lists().of(caller).ofSizeBetween(0, 3);
            return callers.zip(trigger, range(0, n), range(1, 3),
                    (cs, tr, before, shutdowns) -> new ShutdownScenario(threads, cs, tr, before, shutdowns));
        });
    }
}
