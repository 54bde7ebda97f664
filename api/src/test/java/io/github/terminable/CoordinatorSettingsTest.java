package io.github.terminable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule 9.1: settings are validated, name the bad setting, and leave the builder unchanged. */
class CoordinatorSettingsTest {

    @Test
    void defaultsAreDocumentedValues() {
        CoordinatorSettings d = CoordinatorSettings.defaults();
        assertThat(d.name()).isEqualTo("terminable");
        assertThat(d.callbackTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.shutdownDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.reportKeepAliveThreads()).isFalse();
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
        Properties p = new Properties();
        p.setProperty(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, value);
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY);
    }

    @Test
    void unknownTerminablePropertiesAreRejectedWithTheKnownNames() {
        Properties p = new Properties();
        p.setProperty("io.github.terminable.shutdownDeadLine", "2s");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.github.terminable.shutdownDeadLine")
                .hasMessageContaining(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY);
    }

    @Test
    void badBooleanIsRejected() {
        Properties p = new Properties();
        p.setProperty(CoordinatorSettings.REPORT_KEEP_ALIVE_PROPERTY, "yes");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CoordinatorSettings.REPORT_KEEP_ALIVE_PROPERTY);
    }
}
