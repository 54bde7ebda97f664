package io.github.terminable.tck.property;

import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.enumValues;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.terminable.tck.property.LoopScenario.TaskKind;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

import java.util.List;

/**
 * Generates {@link LoopScenario}s: 1 to 12 tasks of six kinds, 1 to 3 producers, one of five
 * ways to end the loop, and the moment it is ended.
 */
public final class LoopScenarios {

    private LoopScenarios() {
    }

    /**
     * Returns the scenario generator.
     *
     * @return the generator
     */
    public static Gen<LoopScenario> scenarios() {
        Gen<TaskKind> task = frequency(List.of(
                Pair.of(5, constant(TaskKind.RETURNS)),
                Pair.of(2, constant(TaskKind.THROWS)),
                Pair.of(1, constant(TaskKind.BLOCKS_UNTIL_INTERRUPTED)),
                Pair.of(2, constant(TaskKind.CALLS_INLINE)),
                Pair.of(3, constant(TaskKind.DEFERS_CLEANUP)),
                Pair.of(2, constant(TaskKind.CALLED_FROM_PRODUCER))));
        return lists().of(task).ofSizeBetween(1, 12).flatMap(tasks -> range(1, 3).zip(
                enumValues(LoopScenario.Termination.class), range(0, tasks.size()),
                (producers, how, after) -> new LoopScenario(tasks, producers, how, after)));
    }
}
