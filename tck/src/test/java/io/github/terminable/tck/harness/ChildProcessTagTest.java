package io.github.terminable.tck.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A test starts child processes only if it carries {@link ChildJvm#TAG}: the hygiene extension
 * hands the test's tags to the kit, and the kit refuses every kind of child to an untagged test,
 * by name, before anything is started. So leaving the tag out of a run (as the mutation profile
 * does) leaves out every test that depends on another JVM. The other way round, a tagged test
 * may run beside an in-process test ({@link InChildJvms}), so the kit refuses it everything that
 * would live in this JVM.
 */
class ChildProcessTagTest {

    private final Kit kit = new Kit(() -> {
        throw new AssertionError("these tests need no implementation");
    });

    @RegisterExtension
    final TestHygiene hygiene = new TestHygiene(kit);

    /** The JUnit configuration parameters of this run, by key. */
    private Function<String, Optional<String>> runConfiguration;

    @RegisterExtension
    final BeforeEachCallback readRunConfiguration = context -> runConfiguration = context::getConfigurationParameter;

    @Test
    void anUntaggedTestIsRefusedEveryKindOfChildProcess() {
        assertThatThrownBy(() -> kit.childJvmWithoutProvider(Object.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anUntaggedTestIsRefusedEveryKindOfChildProcess")
                .hasMessageContaining("@Tag(\"" + ChildJvm.TAG + "\")");
        assertThatThrownBy(() -> kit.childJvm(Object.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ChildJvm.TAG);
        assertThatThrownBy(() -> kit.startProcess(List.of(ChildJvm.javaBinary().toString(), "-version")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(ChildJvm.TAG);
    }

    @Test
    @Tag(ChildJvm.TAG)
    void aTaggedTestStartsOne() throws Exception {
        ChildProcess child = kit.startProcess(List.of(ChildJvm.javaBinary().toString(), "-version"));

        assertThat(child.awaitExit(TckTime.awaitWindow())).as(child.describe()).isZero();
        assertThat(child.output()).as("java -version prints its version").isNotEmpty();
    }

    @Test
    @Tag(ChildJvm.TAG)
    void aTaggedTestIsRefusedEveryFixtureOfThisJvm() {
        String name = "aTaggedTestIsRefusedEveryFixtureOfThisJvm";
        assertThatThrownBy(() -> kit.coordinator()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name).hasMessageContaining("a coordinator").hasMessageContaining(ChildJvm.TAG);
        assertThatThrownBy(() -> kit.startLoop("loop")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a coordinator");
        assertThatThrownBy(() -> kit.spawn("helper", () -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a helper thread");
        assertThatThrownBy(() -> kit.returnsWithin("a call", Duration.ofSeconds(1), () -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a helper thread");
        assertThatThrownBy(() -> kit.captureStdErr()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("System.err");
        assertThatThrownBy(() -> kit.tolerateUncaught(e -> true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uncaught");
    }

    @Test
    void inChildJvmsTagsATestAndLetsItRunConcurrently() throws Exception {
        Class<?> group = MarkedGroup.class;
        var method = group.getDeclaredMethod("marked");

        assertThat(AnnotationSupport.findRepeatableAnnotations(group, Tag.class)).extracting(Tag::value)
                .containsExactly(ChildJvm.TAG);
        assertThat(AnnotationSupport.findRepeatableAnnotations(method, Tag.class)).extracting(Tag::value)
                .containsExactly(ChildJvm.TAG);
        assertThat(AnnotationSupport.findAnnotation(method, Execution.class)).map(Execution::value)
                .contains(ExecutionMode.CONCURRENT);
    }

    @Test
    void theParallelConfigurationEnablesJUnitsParallelExecutionWithAFixedPool() {
        Map<String, String> config = InChildJvms.PARALLEL_CONFIGURATION;

        assertThat(config).containsEntry("junit.jupiter.execution.parallel.enabled", "true")
                .containsEntry("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .doesNotContainKey("junit.jupiter.execution.parallel.mode.default");
        assertThat(Integer.parseInt(config.get("junit.jupiter.execution.parallel.config.fixed.parallelism")))
                .as("one worker for the in-process tests, the others for child-JVM tests")
                .isEqualTo(1 + ChildJvm.MAX_CONCURRENT);
        assertThatThrownBy(() -> config.put("junit.jupiter.execution.parallel.enabled", "false"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * The root pom repeats the parallel configuration for Surefire, since Maven cannot read the
     * constant: run by the build, the tests must see exactly the constant's values.
     */
    @Test
    void theBuildRunsTheTestsWithTheParallelConfiguration() {
        assumeTrue(System.getProperty(TckTime.FACTOR_PROPERTY) != null,
                "not run by the build's Surefire configuration (the root pom), which sets " + TckTime.FACTOR_PROPERTY);
        InChildJvms.PARALLEL_CONFIGURATION.forEach((key, value) -> assertThat(runConfiguration.apply(key))
                .as("the JUnit configuration parameter %s in the root pom's Surefire configurationParameters", key)
                .contains(value));
    }

    @InChildJvms
    private static final class MarkedGroup {
        @InChildJvms
        void marked() {
        }
    }
}
