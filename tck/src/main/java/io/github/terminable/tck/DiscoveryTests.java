package io.github.terminable.tck;

import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.child.DiscoveryScenario;
import io.github.terminable.tck.child.NamedTestProvider;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.Locations;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Section 7 of the spec: how an application finds the implementation, in child JVMs with
 * chosen class paths and properties.
 */
public abstract class DiscoveryTests extends TckGroup {

    private static final String SERVICE_FILE = "META-INF/services/" + TerminableProvider.class.getName();

    /** Creates the group. */
    protected DiscoveryTests() {
    }

    private String implementation() {
        return kit.provider().getClass().getName();
    }

    /** A directory declaring the given provider classes in META-INF/services. */
    private Path servicesDirectory(String... classNames) throws Exception {
        Path dir = kit.tempDirectory("tck-services");
        Path file = dir.resolve(SERVICE_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", classNames) + "\n", StandardCharsets.UTF_8);
        return dir;
    }

    /** Only the API and the TCK's scenario classes: no implementation. */
    private static List<String> apiAndTckOnly() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(Locations.of(Terminables.class).toString());
        entries.add(Locations.of(DiscoveryScenario.class).toString());
        return new ArrayList<>(entries);
    }

    private ChildProcess run(ChildJvm jvm) throws Exception {
        ChildProcess child = jvm.start();
        Children.assertExitCode(child, Children.awaitExit(child), 0, "exit status");
        return child;
    }

    private static String chosen(ChildProcess child) {
        return withPrefix(child.stdout(), "CHOSEN ").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no provider was chosen" + child.describe())).substring("CHOSEN ".length());
    }

    @Test
    @InChildJvms
    @SpecRule({"7.1.a", "7.1.b"})
    void required_thePropertyNamesTheProviderAndServiceLoaderIsNotConsulted() throws Exception {
        Path other = servicesDirectory(NamedTestProvider.class.getName());
        ChildProcess child = run(kit.childJvm(DiscoveryScenario.class).prependClassPath(other.toString())
                .property(Terminables.PROVIDER_PROPERTY, "  " + implementation() + " ").args("lookup"));

        assertThat(withPrefix(child.stdout(), "SERVICELOADER ").get(0)).as("ServiceLoader would find the stand-in first"
                + child.describe()).isEqualTo("SERVICELOADER " + NamedTestProvider.class.getName());
        assertThat(chosen(child)).as("the provider named by the property, whitespace removed" + child.describe())
                .isEqualTo(implementation());
        Children.assertContainsLine(child, "SAME true");
        assertThat(child.stderr()).as("no ambiguity is reported when the property decides" + child.describe())
                .noneMatch(l -> l.startsWith("TERMINABLE-4"));
    }

    @Test
    @InChildJvms
    @SpecRule({"7.1.c", "7.3.a"})
    void required_anUnusableProviderPropertyFailsWithoutFallingBack() throws Exception {
        for (String bad : List.of(String.class.getName(), "io.github.terminable.tck.child.NoSuchProvider")) {
            ChildProcess child = run(kit.childJvm(DiscoveryScenario.class).property(Terminables.PROVIDER_PROPERTY, bad)
                    .args("lookup"));
            assertThat(withPrefix(child.stdout(), "CHOSEN ")).as("no fallback to ServiceLoader" + child.describe()).isEmpty();
            assertThat(withPrefix(child.stdout(), "FAILED ")).as(child.describe()).singleElement().asString()
                    .contains("TerminableProviderException").contains("TERMINABLE-3")
                    .contains(Terminables.REFERENCE_ARTIFACT).contains(Terminables.PROVIDER_PROPERTY);
        }
    }

    @Test
    @InChildJvms
    @SpecRule("7.2.a")
    void required_withoutThePropertyServiceLoaderFindsTheImplementation() throws Exception {
        ChildProcess child = run(kit.childJvm(DiscoveryScenario.class).withoutProperty(Terminables.PROVIDER_PROPERTY)
                .args("lookup"));
        List<String> found = withPrefix(child.stdout(), "SERVICELOADER ").stream()
                .map(l -> l.substring("SERVICELOADER ".length())).toList();
        assertThat(found).as("ServiceLoader finds the implementation's provider" + child.describe()).contains(implementation());
        assertThat(chosen(child)).as("the first provider found is used" + child.describe()).isEqualTo(found.get(0));
        Children.assertContainsLine(child, "SAME true");
        if (found.size() > 1) {
            assertThat(child.stderr()).as("several providers are reported" + child.describe())
                    .anyMatch(l -> l.startsWith("TERMINABLE-4"));
        }
    }

    @Test
    @InChildJvms
    @SpecRule("7.2.b")
    void required_severalProvidersAreReportedWithTheChoice() throws Exception {
        Path other = servicesDirectory(NamedTestProvider.class.getName());
        ChildProcess child = run(kit.childJvm(DiscoveryScenario.class).withoutProperty(Terminables.PROVIDER_PROPERTY)
                .prependClassPath(other.toString()).args("lookup"));
        assertThat(chosen(child)).as(child.describe()).isEqualTo(NamedTestProvider.class.getName());
        assertThat(child.stderr()).as("one TERMINABLE-4 line naming every candidate, the choice and the property"
                + child.describe()).anyMatch(l -> l.startsWith("TERMINABLE-4") && l.contains(implementation())
                        && l.contains(NamedTestProvider.class.getName()) && l.contains(Terminables.PROVIDER_PROPERTY));
    }

    @Test
    @SpecRule("7.2.c")
    void required_theImplementationDeclaresItsProviderForTheClassPathAndTheModulePath() {
        Path location = Locations.of(kit.provider().getClass());
        assertThat(Locations.read(location, SERVICE_FILE)).as(SERVICE_FILE + " in " + location)
                .hasValueSatisfying(text -> assertThat(text.lines().map(String::trim)).contains(implementation()));
        Set<ModuleReference> modules = ModuleFinder.of(location).findAll();
        assertThat(modules).as("one module at " + location).hasSize(1);
        ModuleDescriptor descriptor = modules.iterator().next().descriptor();
        assertThat(descriptor.isAutomatic()).as("the implementation has a module-info (it is not an automatic module)")
                .isFalse();
        assertThat(descriptor.provides()).as("module-info 'provides " + TerminableProvider.class.getName() + " with "
                + implementation() + "'").anyMatch(p -> p.service().equals(TerminableProvider.class.getName())
                        && p.providers().contains(implementation()));
    }

    @Test
    @InChildJvms
    @SpecRule({"7.3.a", "7.3.b", "7.3.c"})
    void required_noProviderFailsWithARemedyAndTheFailureIsNotRemembered() throws Exception {
        ChildProcess child = run(kit.childJvmWithoutProvider(DiscoveryScenario.class).classPath(apiAndTckOnly()).args("retry"));
        assertThat(withPrefix(child.stdout(), "SERVICELOADER ")).as("no provider on this class path" + child.describe())
                .isEmpty();
        assertThat(withPrefix(child.stdout(), "FAILED ")).as(child.describe()).singleElement().asString()
                .contains("TerminableProviderException").contains("TERMINABLE-1")
                .contains(Terminables.REFERENCE_ARTIFACT).contains(Terminables.PROVIDER_PROPERTY);
        assertThat(chosen(child)).as("a later lookup tries again" + child.describe()).isEqualTo(NamedTestProvider.class.getName());
    }

    @Test
    @InChildJvms
    @SpecRule("7.3.a")
    void required_aDeclaredProviderThatCannotBeLoadedFailsWithARemedy() throws Exception {
        Path broken = servicesDirectory("io.github.terminable.tck.child.NoSuchProvider");
        List<String> cp = new ArrayList<>(apiAndTckOnly());
        cp.add(broken.toString());
        ChildProcess child = run(kit.childJvmWithoutProvider(DiscoveryScenario.class).classPath(cp).args("lookup"));
        assertThat(withPrefix(child.stdout(), "FAILED ")).as(child.describe()).singleElement().asString()
                .contains("TERMINABLE-2").contains(Terminables.REFERENCE_ARTIFACT).contains(Terminables.PROVIDER_PROPERTY);
    }
}
