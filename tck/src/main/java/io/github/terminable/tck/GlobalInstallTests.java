package io.github.terminable.tck;

import static io.github.terminable.tck.Children.assertContainsLine;
import static io.github.terminable.tck.Children.assertExitCode;
import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.tck.child.InstallScenario;
import io.github.terminable.tck.child.LateInstallScenario;
import io.github.terminable.tck.child.LazyInstallScenario;
import io.github.terminable.tck.harness.Applicability;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.InChildJvms;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

/**
 * The JVM-wide coordinator's installation, in child JVMs: lazily, once, and only with valid
 * settings (rules 4.1 and 9.1), saying when callbackTimeout is not shorter than shutdownDeadline
 * (rule 9.2), and accepting the properties the implementation declares, only those (rule 9.3).
 */
@InChildJvms
public abstract class GlobalInstallTests extends TckGroup {

    /** Creates the group. */
    protected GlobalInstallTests() {
    }

    @Test
    @SpecRule({"4.1.a", "4.1.b", "4.1.c", "2.5.f", "7.2.e", "9.1.d"})
    void required_theGlobalCoordinatorIsInstalledLazilyOnceAndOnlyWithValidSettings() throws Exception {
        ChildProcess child = kit.childJvm(LazyInstallScenario.class).jvmFlag(Children.OPEN_JAVA_LANG)
                .property(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, "0s").args("lazy").start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status");
        assertContainsLine(child, "BEFORE-INSTALL hooks=0 threads=0");
        assertThat(withPrefix(child.stdout(), "INVALID ")).as("the first global() call with an invalid setting"
                + child.describe()).singleElement().asString().startsWith("INVALID IllegalArgumentException: ")
                .contains(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY);
        assertContainsLine(child, "AFTER-INVALID hooks=0 threads=0");
        String installed = withPrefix(child.stdout(), "INSTALLED ").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no INSTALLED line" + child.describe()));
        assertThat(installed).as("four racing first calls return one instance and install exactly one hook"
                + child.describe()).startsWith("INSTALLED same=true hooks=1 daemons=").contains(" nonDaemons=0 phase=OPEN");
        int daemons = Integer.parseInt(installed.replaceAll(".*daemons=(\\d+).*", "$1"));
        assertThat(daemons).as("a daemon quiescence watcher is running" + child.describe()).isPositive();
    }

    @Test
    @SpecRule("9.1.e")
    void required_anUnknownTerminablePropertyIsRejectedByName() throws Exception {
        ChildProcess child = kit.childJvm(LazyInstallScenario.class)
                .property(CoordinatorSettings.PROPERTY_PREFIX + "callbackTimout", "2s").args("unknown-property").start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status");
        assertThat(withPrefix(child.stdout(), "REJECTED ")).as(child.describe()).singleElement().asString()
                .contains(CoordinatorSettings.PROPERTY_PREFIX + "callbackTimout")
                .contains(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY);
    }
    private static boolean isSettingsLine(String line) {
        return line.startsWith("TERMINABLE-SETTINGS");
    }

    private ChildProcess install(String callbackTimeout, String shutdownDeadline) throws Exception {
        ChildJvm jvm = kit.childJvm(InstallScenario.class);
        if (callbackTimeout != null) {
            jvm.property(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, callbackTimeout);
        }
        if (shutdownDeadline != null) {
            jvm.property(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY, shutdownDeadline);
        }
        return jvm.start();
    }

    private static void assertInstalled(ChildProcess child, int code) {
        assertExitCode(child, code, 0, "exit status");
        assertContainsLine(child, "INSTALLED same=true");
    }

    @Test
    @SpecRule({"9.2.a", "9.2.b"})
    void required_aCallbackTimeoutNotShorterThanTheDeadlineIsAcceptedAndSaidOnce() throws Exception {
        // Two children at a time: equal values, then a longer callbackTimeout.
        ChildProcess equal = install("3s", "3s");
        ChildProcess longer = install("20s", "2s");
        for (ChildProcess child : List.of(equal, longer)) {
            int code = Children.awaitExit(child);
            assertInstalled(child, code);
            List<String> lines = child.stderr().stream().filter(GlobalInstallTests::isSettingsLine).toList();
            assertThat(lines).as("one TERMINABLE-SETTINGS line, however often global() is called" + child.describe())
                    .hasSize(1);
            assertThat(lines.get(0)).as("it names both properties" + child.describe())
                    .contains(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY)
                    .contains(CoordinatorSettings.SHUTDOWN_DEADLINE_PROPERTY);
        }
    }

    @Test
    @SpecRule("9.2.c")
    void required_aCallbackTimeoutShorterThanTheDeadlineIsNotReported() throws Exception {
        ChildProcess defaults = install(null, null);
        ChildProcess shorter = install("1999ms", "2s");
        for (ChildProcess child : List.of(defaults, shorter)) {
            int code = Children.awaitExit(child);
            assertInstalled(child, code);
            assertThat(child.stderr()).as("no TERMINABLE-SETTINGS line when callbackTimeout is shorter than"
                    + " shutdownDeadline" + child.describe()).noneMatch(GlobalInstallTests::isSettingsLine);
        }
    }

    /** The value a declared property gets: the one it has in this JVM, if any, else the empty string. */
    private static String declaredValue(String name) {
        return System.getProperty(name, "");
    }

    @Test
    @SpecRule("9.3.b")
    void required_anUndeclaredPropertyIsStillRejectedByTheGlobalCoordinator() throws Exception {
        Set<String> declared = kit.provider().additionalPropertyNames();
        String undeclared = CoordinatorSettings.PROPERTY_PREFIX + "tckUndeclaredSetting";
        assertThat(declared).as("additionalPropertyNames() of " + kit.provider().getClass().getName())
                .doesNotContain(undeclared).allMatch(n -> n.startsWith(CoordinatorSettings.PROPERTY_PREFIX));
        ChildJvm jvm = kit.childJvm(InstallScenario.class).property(undeclared, "1");
        declared.forEach(name -> jvm.property(name, declaredValue(name)));
        ChildProcess child = jvm.start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status");
        assertThat(withPrefix(child.stdout(), "REJECTED ")).as("global() throws IllegalArgumentException naming the"
                + " undeclared property, even beside the declared ones" + child.describe()).singleElement().asString()
                .startsWith("REJECTED IllegalArgumentException: ").contains(undeclared);
    }

    @Test
    @SpecRule({"9.3.a", "9.3.b"})
    void required_everyDeclaredPropertyIsAcceptedByTheGlobalCoordinator() throws Exception {
        Set<String> declared = kit.provider().additionalPropertyNames();
        Applicability.assumeApplicable(!declared.isEmpty(), kit.provider().getClass().getName()
                + " declares no property of its own (additionalPropertyNames() is empty)");
        ChildJvm jvm = kit.childJvm(InstallScenario.class);
        declared.forEach(name -> jvm.property(name, declaredValue(name)));
        ChildProcess child = jvm.start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status");
        assertThat(child.stdout()).as("global() accepts every declared property " + declared + " (each set to its value"
                + " in the TCK's JVM, or to the empty string)" + child.describe()).contains("INSTALLED same=true");
    }

    @Test
    @SpecRule("4.1.d")
    void required_installingTheGlobalCoordinatorDuringTheJvmsShutdownBeginsItsShutdown() throws Exception {
        ChildProcess child = kit.childJvm(LateInstallScenario.class).start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status of a main that returned");
        assertThat(withPrefix(child.stdout(), "INSTALLED ")).as("installed from a shutdown hook" + child.describe())
                .singleElement().asString().doesNotContain("phase=OPEN").endsWith(" trigger=JVM_EXIT");
        assertContainsLine(child, "START-REJECTED state=NEW");
    }
}
