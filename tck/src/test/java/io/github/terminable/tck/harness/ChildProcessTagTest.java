package io.github.terminable.tck.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

/**
 * A test starts child processes only if it carries {@link ChildJvm#TAG}: the hygiene extension
 * hands the test's tags to the kit, and the kit refuses every kind of child to an untagged test,
 * by name, before anything is started. So leaving the tag out of a run (as the mutation profile
 * does) leaves out every test that depends on another JVM.
 */
class ChildProcessTagTest {

    private final Kit kit = new Kit(() -> {
        throw new AssertionError("these tests need no implementation");
    });

    @RegisterExtension
    final TestHygiene hygiene = new TestHygiene(kit);

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
}
