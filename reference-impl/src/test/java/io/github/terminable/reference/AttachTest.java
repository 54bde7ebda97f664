package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminableThread;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's bookkeeping of attached coordinators (rules 2.7 and 2.2): a child that shuts
 * down on its own leaves no unit behind in its parent. The behaviour of attaching is checked by
 * the TCK's {@code AttachedCoordinatorTests}.
 */
class AttachTest extends CoordinatorFixture {

    @Test
    void aChildThatShutsDownOnItsOwnIsForgottenAndMemoryStaysBounded() throws Exception {
        ReferenceCoordinator parent = coordinator();
        for (int i = 0; i < 500; i++) {
            ReferenceCoordinator child = (ReferenceCoordinator) PROVIDER.newCoordinator(CoordinatorSettings.builder()
                    .name("c" + i).build());
            parent.attach(child);
            TerminableThread t = child.threadBuilder().start(untilInterrupted());
            assertThat(child.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
            assertThat(t.state()).isEqualTo(ThreadState.ENDED);
        }
        Waits.upTo(10).until(() -> parent.unitCount() == 0);
        assertThat(parent.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
    }
}
