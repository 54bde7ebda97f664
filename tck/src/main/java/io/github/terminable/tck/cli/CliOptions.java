package io.github.terminable.tck.cli;

import io.github.terminable.tck.harness.TckTime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's command line.
 *
 * @param classPath implementation jars or directories to add ({@code --class-path}); empty if
 *     the implementation is already on the class path
 * @param provider the provider class to use ({@code --provider}), or null for discovery
 * @param reportDir where the Markdown and JUnit XML reports go ({@code --report-dir})
 * @param rules only run the tests of these rules or clauses ({@code --rule}, repeatable); empty for all
 * @param properties TCK knobs given as options ({@code --seed}, {@code --examples},
 *     {@code --repetitions}, {@code --time-factor}), as system properties
 * @param inProcess set by the runner itself when it re-launched with the class path
 * @param help whether {@code --help} was given
 */
record CliOptions(String classPath, String provider, Path reportDir, List<String> rules, Map<String, String> properties,
                  boolean inProcess, boolean help) {

    static final String IN_PROCESS = "--in-process";

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar terminable-tck-cli.jar [options]",
            "",
            "Runs the terminable TCK against an implementation and prints a rule-by-rule compliance table.",
            "",
            "  --class-path <path>    implementation jar(s) or directories, separated by '" + java.io.File.pathSeparator + "'",
            "                         (or put the implementation on the class path yourself and use the main class",
            "                         io.github.terminable.tck.cli.TckCli)",
            "  --provider <class>     the TerminableProvider class (default: discovered through ServiceLoader)",
            "  --report-dir <dir>     where terminable-tck-report.md and the JUnit XML go (default: terminable-tck-report)",
            "  --rule <id>            run only the tests of this rule or clause, e.g. 3.2 or 3.2.a (repeatable)",
            "  --seed <n>             replay property tests from a printed seed (terminable.tck.seed)",
            "  --examples <n>         scenarios per property test (terminable.tck.examples)",
            "  --repetitions <n>      iterations per race test (terminable.tck.repetitions)",
            "  --time-factor <x>      multiply every timing window (terminable.tck.timeFactor)",
            "  --help                 print this help",
            "",
            "Exit status: 0 if no test failed, 1 if a test failed, 2 on a usage or setup error.");

    static CliOptions parse(String[] args) {
        String classPath = "";
        String provider = null;
        Path reportDir = Path.of("terminable-tck-report");
        List<String> rules = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        boolean inProcess = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--class-path", "-cp" -> classPath = value(args, ++i, arg);
                case "--provider" -> provider = value(args, ++i, arg);
                case "--report-dir" -> reportDir = Path.of(value(args, ++i, arg));
                case "--rule" -> rules.add(value(args, ++i, arg));
                case "--seed" -> properties.put("terminable.tck.seed", value(args, ++i, arg));
                case "--examples" -> properties.put("terminable.tck.examples", value(args, ++i, arg));
                case "--repetitions" -> properties.put("terminable.tck.repetitions", value(args, ++i, arg));
                case "--time-factor" -> properties.put(TckTime.FACTOR_PROPERTY, value(args, ++i, arg));
                case IN_PROCESS -> inProcess = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new CliOptions(classPath, provider, reportDir, List.copyOf(rules), Map.copyOf(properties), inProcess, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
