package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.harness.Locations;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;

/**
 * The TCK's module descriptor: the TCK package and the test harness are exported, and JUnit may
 * open the test classes and the harness extension.
 */
class ModuleDescriptorTest {

    @Test
    void theTckAndHarnessPackagesAreExportedAndJunitMayOpenTheTests() {
        ModuleDescriptor d = ModuleFinder.of(Locations.of(TerminableTck.class)).findAll().iterator().next().descriptor();
        assertThat(d.name()).isEqualTo("io.github.terminable.tck");
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("io.github.terminable.tck", "io.github.terminable.tck.harness");
        assertThat(d.exports()).allMatch(e -> !e.isQualified());
        assertThat(d.opens()).extracting(ModuleDescriptor.Opens::source)
                .containsExactlyInAnyOrder("io.github.terminable.tck", "io.github.terminable.tck.harness");
        assertThat(d.opens()).allMatch(o -> o.targets().equals(java.util.Set.of("org.junit.platform.commons")));
        assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).contains("io.github.terminable.api");
    }
}
