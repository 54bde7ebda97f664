package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.Terminables;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery of this provider, and settings validation as this implementation uses it (rules 7.2, 9.1, 2.5). */
class SettingsAndProviderTest extends CoordinatorFixture {

    @Test
    void theProviderIsFoundThroughServiceLoaderAndStartsNothing() {
        long before = terminableThreads();
        TerminableProvider found = ServiceLoader.load(TerminableProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof ReferenceProvider).findFirst().orElseThrow();
        assertThat(found.name()).isEqualTo("reference");
        assertThat(Terminables.provider()).isInstanceOf(ReferenceProvider.class);
        TerminationCoordinator c = found.newCoordinator(CoordinatorSettings.defaults());
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.OPEN);
        assertThat(c.settings()).isEqualTo(CoordinatorSettings.defaults());
        assertThat(GlobalCoordinatorHolder.installedOrNull()).as("rule 4.1: not installed by construction").isNull();
        assertThat(terminableThreads()).isEqualTo(before);
        assertThat(c.shutdown().isDone() || c.phase() != CoordinatorPhase.OPEN).isTrue();
        assertThatThrownBy(() -> found.newCoordinator(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("settings");
    }

    private static long terminableThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("terminable-")).count();
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        CoordinatorSettings.Builder b = CoordinatorSettings.builder();
        assertThatThrownBy(() -> b.callbackTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.shutdownDeadline(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shutdownDeadline");
        assertThatThrownBy(() -> b.callbackTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.name(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThat(b.build()).as("builder unchanged").isEqualTo(CoordinatorSettings.defaults());

        Properties p = new Properties();
        p.setProperty(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, "0ms");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY);
        Properties typo = new Properties();
        typo.setProperty("io.github.terminable.shutdownDeadlin", "5s");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(typo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.github.terminable.shutdownDeadlin");
    }

    @Test
    void theCoordinatorUsesItsSettings() throws Exception {
        CoordinatorSettings settings = CoordinatorSettings.builder().name("named").callbackTimeout(TckTime.millis(100))
                .shutdownDeadline(TckTime.millis(300)).build();
        ReferenceCoordinator c = coordinator(settings);
        assertThat(c.name()).isEqualTo("named");
        assertThat(c.settings()).isSameAs(settings);
        assertThat(c.threadBuilder().unstarted(untilInterrupted()).name()).startsWith("named-thread-");
        String names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.joining(","));
        assertThat(names).doesNotContain("named-terminator");
    }
}
