package io.github.terminable.tck.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** A scenario's first argument names its mode; anything else fails with a message that lists the modes. */
class ScenarioModeTest {

    @Test
    void aModeIsFoundByItsExactName() {
        String[] args = {"DEADLINE_BLOCKING_LISTENER", "ignored"};

        assertThat(ScenarioSupport.mode(ShutdownPathScenario.Mode.class, args))
                .isEqualTo(ShutdownPathScenario.Mode.DEADLINE_BLOCKING_LISTENER);
    }

    @Test
    void anUnknownModeIsRejectedWithTheModesThatExist() {
        String[] args = {"stubborn"};

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScenarioSupport.mode(QuiescenceDeadlineScenario.Mode.class, args))
                .withMessageContaining("'stubborn'")
                .withMessageContaining("[STUBBORN, STUBBORN_BLOCKING_LISTENER, BLOCKED_CALLBACK]");
    }

    @Test
    void aMissingModeIsRejectedAsSuch() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScenarioSupport.mode(AttachedScenario.Mode.class, new String[0]))
                .withMessageContaining("no argument")
                .withMessageContaining(AttachedScenario.Mode.class.getName());
    }
}
