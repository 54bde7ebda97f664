package io.github.terminable.benchmarks;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the summary table of {@code RESULTS.md} from result directories: one line per row and
 * figure, one column per JDK and implementation, each cell the figure, its verdict against the
 * row's target ({@link Targets}) and its range. It reads exactly what {@link RatioChart} draws (the
 * same marks), so the table and the chart of one run cannot disagree.
 *
 * <p>{@code run-benchmarks.sh} runs it after the chart and writes {@code target/results/summary.md};
 * {@code RESULTS.md}'s "Summary" is that file, pasted with its commit and date.
 *
 * <p>Run: {@code java -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.SummaryTable result-dir...} (prints the table).
 */
public final class SummaryTable {

    private SummaryTable() {
    }

    /**
     * Prints the table.
     *
     * @param args result directories named {@code jdk<N>}, oldest first
     * @throws IOException if a result cannot be read
     */
    public static void main(String[] args) throws IOException {
        Usage.exitUnless(args.length != 0, "SummaryTable result-dir...");
        List<RatioChart.Mark> marks = new ArrayList<>();
        for (String dir : args) {
            marks.addAll(RatioChart.read(Paths.get(dir)));
        }
        System.out.print(render(marks));
    }

    /**
     * Renders the table.
     *
     * @param all the marks (later marks replace earlier ones of the same key)
     * @return the Markdown table, or a line saying there are no results
     */
    static String render(List<RatioChart.Mark> all) {
        List<RatioChart.Mark> marks = RatioChart.merge(all);
        marks.removeIf(m -> m.target() == null);
        if (marks.isEmpty()) {
            return "no results with a target\n";
        }
        TreeSet<Integer> jdks = new TreeSet<>();
        List<String> impls = new ArrayList<>();
        Map<String, Map<String, RatioChart.Mark>> lines = new LinkedHashMap<>(); // row|figure -> jdk|impl -> mark
        marks.sort((a, b) -> Integer.compare(a.row(), b.row())); // stable: figures keep their order within a row
        for (RatioChart.Mark m : marks) {
            jdks.add(m.jdk());
            if (!impls.contains(m.impl())) {
                impls.add(m.impl());
            }
            lines.computeIfAbsent(m.row() + "|" + m.figure(), k -> new LinkedHashMap<>()).put(m.jdk() + "|" + m.impl(), m);
        }
        StringBuilder out = new StringBuilder("| # | figure | target |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (int jdk : jdks) {
            for (String impl : impls) {
                out.append(" JDK ").append(jdk).append(' ').append(impl).append(" |");
                rule.append("---|");
            }
        }
        out.append('\n').append(rule).append('\n');
        for (Map.Entry<String, Map<String, RatioChart.Mark>> line : lines.entrySet()) {
            RatioChart.Mark first = line.getValue().values().iterator().next();
            out.append("| ").append(first.row()).append(" | ").append(first.figure()).append(" | ")
                    .append(first.target().describe().replace("<=", "≤").replace(">=", "≥")).append(unit(first)).append(" |");
            for (int jdk : jdks) {
                for (String impl : impls) {
                    RatioChart.Mark m = line.getValue().get(jdk + "|" + impl);
                    out.append(' ').append(m == null ? "—" : cell(m)).append(" |");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The figure, bold when met, with its verdict and, when it has one, its range. */
    static String cell(RatioChart.Mark m) {
        String verdict = m.target().verdict(m.value(), m.low(), m.high());
        boolean met = verdict.startsWith("MET");
        String figure = plain(m.value(), m) + unit(m) + " " + verdict.toLowerCase(Locale.ROOT);
        String range = m.low() < m.high()
                ? String.format(Locale.ROOT, " (%s–%s)", plain(m.low(), m), plain(m.high(), m)) : "";
        return (met ? "**" + figure + "**" : figure) + range;
    }

    private static String unit(RatioChart.Mark m) {
        return m.unit().equals("x") ? "×" : " " + m.unit();
    }

    private static String plain(double v, RatioChart.Mark m) {
        return String.format(Locale.ROOT, m.unit().equals("x") ? "%.2f" : "%.1f", v);
    }
}
