package io.github.terminable.tck.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.DiscoveredProviderTck;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.spec.ComplianceTable;
import io.github.terminable.tck.spec.SpecDocument;
import io.github.terminable.tck.spec.UntestedClauses;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCK runner: runs {@link DiscoveredProviderTck} with the JUnit Platform Launcher, then
 * prints a rule-by-rule summary, a clause-by-clause table and the final line {@code N passed, N failed}, writes a Markdown
 * report and JUnit XML, and exits with 0 only if no test failed.
 *
 * <p>With {@code --class-path}, it re-launches itself in a child JVM whose class path is its own
 * (the runner jar) plus the given entries, so that {@code ServiceLoader}, the child-JVM tests and every other
 * class-path consumer see the implementation exactly as an application would.
 */
public final class TckCli {

    private TckCli() {
    }

    /**
     * Runs the TCK.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("terminable-tck: " + e.getMessage());
            System.err.println(CliOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            System.out.println(CliOptions.USAGE);
            return 0;
        }
        if (!options.classPath().isEmpty() && !options.inProcess()) {
            return relaunch(args, options);
        }
        options.properties().forEach(System::setProperty);
        if (options.provider() != null) {
            System.setProperty(Terminables.PROVIDER_PROPERTY, options.provider());
        }
        return runInProcess(options);
    }

    private static int relaunch(String[] args, CliOptions options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("terminable.tck.") || key.startsWith("io.github.terminable.")) {
                command.add("-D" + key + "=" + v);
            }
        });
        command.add("-cp");
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        for (String entry : options.classPath().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.append(File.pathSeparator).append(Path.of(entry).toAbsolutePath());
            }
        }
        command.add(classPath.toString());
        command.add(TckCli.class.getName());
        command.addAll(List.of(args));
        command.add(CliOptions.IN_PROCESS);
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            return child.waitFor();
        } catch (IOException e) {
            System.err.println("terminable-tck: cannot start " + command.get(0) + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static int runInProcess(CliOptions options) {
        SpecDocument spec = SpecDocument.bundled();
        TerminableProvider provider;
        try {
            provider = Terminables.provider();
        } catch (RuntimeException e) {
            System.err.println("terminable-tck: no implementation to test: " + e.getMessage());
            System.err.println("terminable-tck: pass the implementation with --class-path <jar>, and --provider <class> if it"
                    + " holds several providers.");
            return 2;
        }
        System.out.println("terminable TCK: implementation '" + provider.name() + "' (" + provider.getClass().getName()
                + "), Java " + Runtime.version() + ", " + spec.rules().size() + " spec rules, "
                + spec.clauses().size() + " clauses");
        ResultCollector collector = new ResultCollector(System.out);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(DiscoveredProviderTck.class));
        // Child-JVM tests run beside the in-process ones, which still run one at a time.
        request.configurationParameters(InChildJvms.PARALLEL_CONFIGURATION);
        if (!options.rules().isEmpty()) {
            request.filters(new RuleFilter(options.rules()));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        try {
            Files.createDirectories(options.reportDir());
        } catch (IOException e) {
            System.err.println("terminable-tck: cannot create report directory " + options.reportDir() + ": " + e);
            return 2;
        }
        PrintWriter xmlErrors = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Path errLog = options.reportDir().resolve("terminable-tck-stderr.log");
        System.out.println("Diagnostics the implementation prints during the tests go to " + errLog);
        java.io.PrintStream originalErr = System.err;
        long start = System.nanoTime();
        try (java.io.PrintStream log = new java.io.PrintStream(Files.newOutputStream(errLog), true, StandardCharsets.UTF_8)) {
            System.setErr(log);
            launcher.execute(built, collector, new LegacyXmlReportGeneratingListener(options.reportDir(), xmlErrors));
        } catch (IOException e) {
            System.err.println("terminable-tck: cannot write " + errLog + ": " + e);
            return 2;
        } finally {
            System.setErr(originalErr);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        ComplianceTable table = ComplianceTable.of(spec, collector.results(), UntestedClauses.reasons());
        String markdown = "# terminable TCK report" + System.lineSeparator() + System.lineSeparator()
                + "Implementation: `" + provider.name() + "` (`" + provider.getClass().getName() + "`), Java "
                + Runtime.version() + ", " + seconds + " s" + System.lineSeparator() + System.lineSeparator()
                + table.toMarkdown() + System.lineSeparator() + table.finalLine() + System.lineSeparator();
        Path report = options.reportDir().resolve("terminable-tck-report.md");
        try {
            Files.writeString(report, markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("terminable-tck: cannot write " + report + ": " + e);
        }
        System.out.println();
        System.out.print(table.toMarkdown());
        System.out.println();
        System.out.println("Reports: " + report + " and JUnit XML in " + options.reportDir() + " (" + seconds + " s)");
        System.out.println(table.finalLine());
        System.out.flush();
        return table.failed() == 0 && table.passed() > 0 ? 0 : 1;
    }
}
