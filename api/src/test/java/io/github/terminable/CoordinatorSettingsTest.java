package io.github.terminable;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule 9.1: settings are validated, name the bad setting, and leave the builder unchanged. */
class CoordinatorSettingsTest {

    /**
     * Asserts that {@code fromProperties} rejects the one property {@code name=value} with an
     * {@link IllegalArgumentException}; the caller checks what its message names.
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String name, String value) {
        Properties p = new Properties();
        p.setProperty(name, value);
        return assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreDocumentedValues() {
        CoordinatorSettings d = CoordinatorSettings.defaults();
        assertThat(d.name()).isEqualTo("terminable");
        assertThat(d.callbackTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.shutdownDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.reportKeepAliveThreads()).isFalse();
        assertThat(d.deadlineExitStatus()).isEqualTo(OptionalInt.of(1));
        assertThat(CoordinatorSettings.fromProperties(new Properties())).isEqualTo(d);
    }

    @Test
    void builderRejectsBadDurationsNamingTheSettingAndKeepsItsState() {
        CoordinatorSettings.Builder b = CoordinatorSettings.builder().callbackTimeout(Duration.ofMillis(250));
        assertThatThrownBy(() -> b.callbackTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.callbackTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.callbackTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.shutdownDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownDeadline");
        assertThatThrownBy(() -> b.name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> b.name(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        CoordinatorSettings built = b.build();
        assertThat(built.callbackTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(built.name()).isEqualTo("terminable");
        assertThat(built.shutdownDeadline()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void propertiesAreParsedInBothDurationForms() {
        Properties p = new Properties();
        p.setProperty(CoordinatorSettings.NAME_PROPERTY, "app");
        p.setProperty(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, "750ms");
        p.setProperty(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, "PT2.5S");
        p.setProperty(CoordinatorSettings.REPORT_KEEP_ALIVE_PROPERTY, "TRUE");
        p.setProperty(Terminables.PROVIDER_PROPERTY, "x.Y");
        p.setProperty("unrelated.property", "ignored");
        CoordinatorSettings s = CoordinatorSettings.fromProperties(p);
        assertThat(s.name()).isEqualTo("app");
        assertThat(s.callbackTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(s.shutdownDeadline()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.reportKeepAliveThreads()).isTrue();
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0ms", "-5s", "PT0S", "-PT1S", "soon", "12", "", "1.5s", "PTXS"})
    void invalidDurationPropertiesNameTheProperty(String value) {
        for (String property : List.of(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY,
                CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY)) {
            assertRejected(property, value).hasMessageContaining(property);
        }
    }

    @Test
    void unknownTerminablePropertiesAreRejectedWithTheKnownNames() {
        assertRejected("io.github.terminable.shutdownDeadLine", "2s")
                .hasMessageContaining("io.github.terminable.shutdownDeadLine")
                .hasMessageContaining(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY);
    }

    @Test
    void badBooleanIsRejected() {
        assertRejected(CoordinatorSettings.REPORT_KEEP_ALIVE_PROPERTY, "yes")
                .hasMessageContaining(CoordinatorSettings.REPORT_KEEP_ALIVE_PROPERTY);
    }

    /** Rule 4.12's setting: a status from 0 to 255, or "none"; anything else names the property. */
    @Test
    void deadlineExitStatusAcceptsAStatusOrNoneAndRejectsTheRestByName() {
        Properties p = new Properties();
        p.setProperty(CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY, " 3 ");
        assertThat(CoordinatorSettings.fromProperties(p).deadlineExitStatus()).isEqualTo(OptionalInt.of(3));
        p.setProperty(CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY, "NONE");
        assertThat(CoordinatorSettings.fromProperties(p).deadlineExitStatus()).isEmpty();
        for (String bad : new String[] {"256", "-1", "exit", ""}) {
            p.setProperty(CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY, bad);
            assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY);
        }
        CoordinatorSettings.Builder b = CoordinatorSettings.builder().deadlineExitStatus(OptionalInt.of(7));
        assertThatThrownBy(() -> b.deadlineExitStatus(OptionalInt.of(300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadlineExitStatus");
        assertThatThrownBy(() -> b.deadlineExitStatus(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("deadlineExitStatus");
        assertThat(b.build().deadlineExitStatus()).isEqualTo(OptionalInt.of(7));
        assertThat(b.build().toBuilder().build()).isEqualTo(b.build());
    }

    /** Rule 9.3: names an implementation declares are not misspellings; others still are. */
    @Test
    void declaredAdditionalPropertiesAreAcceptedAndOthersStillRejected() {
        Properties p = new Properties();
        p.setProperty("io.github.terminable.executor.poolSize", "4");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.github.terminable.executor.poolSize");
        assertThat(CoordinatorSettings.fromProperties(p, Set.of("io.github.terminable.executor.poolSize")))
                .isEqualTo(CoordinatorSettings.defaults());
        p.setProperty("io.github.terminable.shutdownDeadlin", "2s");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p, Set.of("io.github.terminable.executor.poolSize")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.github.terminable.shutdownDeadlin")
                .hasMessageContaining("io.github.terminable.executor.poolSize");
    }
}
