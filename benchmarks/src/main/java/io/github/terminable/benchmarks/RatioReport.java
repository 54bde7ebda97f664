package io.github.terminable.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH results ({@code -rf csv}) into the ratio tables of RESULTS.md: every implementation's
 * score divided by the {@code jdk} baseline's score from the same run, with the same other
 * parameters, and the verdict against the target of its row.
 *
 * <p>"The same other parameters" is what pairs row 2's two orders correctly: its {@code order}
 * parameter ({@code completion} or {@code request}) is part of the pairing, so each
 * implementation's completion-order shutdown is divided by the newest-first, one-at-a-time
 * baseline, and its request-order shutdown by the interrupt-all-then-join-all baseline
 * ({@link SleepingThreads}). A result with no baseline of the same parameters in its run is not
 * compared; it is listed after the table, so a missing baseline or order cannot go unnoticed.
 *
 * <p>Because the machine is shared and noisy, each ratio also gets a range from the scores'
 * 99.9% error bars (worst case of both ends), and the verdict says {@code within noise} when
 * that range straddles the target.
 *
 * <p>Run: {@code java -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.RatioReport result.csv...}
 */
public final class RatioReport {

    /** One row of a JMH CSV result. */
    record Row(String benchmark, String mode, double score, double error, String unit, Map<String, String> params) {
        String impl() {
            return params.getOrDefault("impl", "");
        }

        String order() {
            return params.getOrDefault("order", "");
        }

        /** The group key: everything but the implementation (row 2's {@code order} included). */
        String group() {
            Map<String, String> others = new TreeMap<>(params);
            others.remove("impl");
            return benchmark + " " + mode + " " + others;
        }
    }

    private RatioReport() {
    }

    /**
     * Prints the ratio tables.
     *
     * @param args JMH CSV result files
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Usage.exitUnless(args.length != 0, "RatioReport <jmh-result.csv>...");
        List<List<Row>> runs = new ArrayList<>();
        for (String file : args) {
            runs.add(parse(Paths.get(file)));
        }
        System.out.print(report(runs));
    }

    static List<Row> parse(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(csv + " is empty");
        }
        List<String> header = split(lines.get(0));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line);
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).startsWith("Param: ") && i < cells.size() && !cells.get(i).isEmpty()) {
                    params.put(header.get(i).substring("Param: ".length()), cells.get(i));
                }
            }
            String benchmark = cells.get(header.indexOf("Benchmark"));
            benchmark = benchmark.replaceFirst("^io\\.github\\.terminable\\.benchmarks\\.", "");
            rows.add(new Row(benchmark, cells.get(header.indexOf("Mode")),
                    number(cells.get(header.indexOf("Score"))),
                    number(cells.get(header.indexOf("Score Error (99.9%)"))),
                    cells.get(header.indexOf("Unit")), params));
        }
        return rows;
    }

    /** One implementation's result next to the baseline of the same run. */
    record Paired(Row row, Row base, double ratio, double low, double high) {
    }

    /**
     * One implementation's figure against its baseline, over one or more runs: what a line of the
     * ratio table shows, and what {@link RatioChart} draws as one mark.
     *
     * @param row the first run's result (benchmark, mode, parameters, implementation, unit)
     * @param score the implementation's score as the table writes it
     * @param baseScore the baseline's score as the table writes it
     * @param ratio the ratio (median of the runs' ratios when several)
     * @param low the low end of its range (error bars of one run, or the runs' smallest ratio)
     * @param high the high end of its range
     * @param rounds how many runs paired this figure
     * @param target the row's target, or {@code null} for a figure reported without one
     */
    record Comparison(Row row, String score, String baseScore, double ratio, double low, double high, int rounds,
            Target target) {

        /** The verdict against the target, or {@code -}. */
        String verdict() {
            return target == null ? "-" : target.verdict(ratio, low, high);
        }

        /** The parameters other than the implementation. */
        Map<String, String> others() {
            Map<String, String> others = new TreeMap<>(row.params());
            others.remove("impl");
            return others;
        }

        /** The row of the benchmark table (1 to 3), or 0 for an unknown benchmark. */
        int tableRow() {
            String b = row.benchmark();
            return b.startsWith("ThreadLifecycleBenchmark.") ? 1 : b.startsWith("ShutdownBenchmark.") ? 2
                    : b.startsWith("LoopBenchmark.") ? 3 : 0;
        }

        /** A short name of the figure within its row, as the chart labels it. */
        String figure() {
            Map<String, String> p = others();
            String method = row.benchmark().substring(row.benchmark().lastIndexOf('.') + 1);
            switch (tableRow()) {
                case 1:
                    return p.getOrDefault("kind", "platform") + " create+start+join";
                case 2:
                    return p.getOrDefault("order", "") + " order, " + threads(p.get("threads")) + " threads";
                case 3:
                    return method + (row.mode().equals("thrpt") ? " throughput" : " " + row.mode());
                default:
                    return row.benchmark() + " " + row.mode() + " " + p;
            }
        }

        /**
         * The chart's mark of this figure.
         *
         * @param jdk the Java feature version of the run
         * @return the mark
         */
        RatioChart.Mark mark(int jdk) {
            return new RatioChart.Mark(tableRow(), figure(), row.impl(), jdk, ratio, low, high, target, "x");
        }

        private static String threads(String n) {
            if (n == null) {
                return "?";
            }
            return n.endsWith("000") ? n.substring(0, n.length() - 3) + "k" : n;
        }
    }

    /**
     * Pairs every result with the baseline of the same run (file) and parameters. A result that
     * several runs (rounds) produced is reported by its median ratio, with the range of the
     * rounds' ratios; a single run's ratio gets the range from its error bars.
     *
     * @param runs the rows of each run
     * @param unpaired where to add the results that had no baseline in their run
     * @return one comparison per benchmark, mode, parameters and implementation, in the runs' order
     */
    static List<Comparison> compare(List<List<Row>> runs, List<Row> unpaired) {
        Map<String, List<Paired>> byKey = new LinkedHashMap<>();
        for (List<Row> rows : runs) {
            Map<String, Row> baselines = new LinkedHashMap<>();
            for (Row r : rows) {
                if (r.impl().equals(Implementations.JDK)) {
                    baselines.put(r.group(), r);
                }
            }
            for (Row r : rows) {
                if (r.impl().equals(Implementations.JDK) || r.impl().isEmpty()) {
                    continue;
                }
                Row base = baselines.get(r.group());
                if (base == null) {
                    unpaired.add(r);
                    continue;
                }
                double ratio = r.score() / base.score();
                double low = finiteOr(Math.max(0, r.score() - err(r)) / (base.score() + err(base)), ratio);
                double floor = base.score() - err(base);
                double high = floor <= 0 ? Double.POSITIVE_INFINITY : finiteOr((r.score() + err(r)) / floor, ratio);
                byKey.computeIfAbsent(r.group() + " " + r.impl(), k -> new ArrayList<>())
                        .add(new Paired(r, base, ratio, low, high));
            }
        }
        List<Comparison> out = new ArrayList<>();
        for (List<Paired> rounds : byKey.values()) {
            Paired first = rounds.get(0);
            Row r = first.row();
            if (rounds.size() == 1) {
                out.add(new Comparison(r, scored(r), scored(first.base()), first.ratio(), first.low(), first.high(), 1,
                        target(r)));
                continue;
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            List<Double> baseScores = new ArrayList<>();
            for (Paired p : rounds) {
                ratios.add(p.ratio());
                scores.add(p.row().score());
                baseScores.add(p.base().score());
            }
            out.add(new Comparison(r, String.format(Locale.ROOT, "%.3f (median)", median(scores)),
                    String.format(Locale.ROOT, "%.3f (median)", median(baseScores)), median(ratios),
                    Collections.min(ratios), Collections.max(ratios), rounds.size(), target(r)));
        }
        return out;
    }

    /**
     * Builds the tables: the comparisons, the results not compared, and row 2's growth.
     *
     * @param runs the rows of each run
     * @return Markdown tables
     */
    static String report(List<List<Row>> runs) {
        List<Row> unpaired = new ArrayList<>();
        List<Comparison> comparisons = compare(runs, unpaired);
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | mode | params | impl | score ± error | jdk score ± error | unit | ratio (range) | rounds | target | verdict |\n");
        out.append("|---|---|---|---|---:|---:|---|---:|---:|---|---|\n");
        for (Comparison c : comparisons) {
            Row r = c.row();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.3f (%.2f–%.2f) | %d | %s | %s |%n",
                    r.benchmark(), r.mode(), c.others(), r.impl(), c.score(), c.baseScore(), r.unit(), c.ratio(),
                    c.low(), c.high(), c.rounds(), c.target() == null
                            ? (r.mode().equals("thrpt") ? "(throughput)" : "(time)") : c.target().describe(),
                    c.verdict()));
        }
        if (!unpaired.isEmpty()) {
            out.append("\nNot compared: no jdk baseline with the same parameters in the same run:\n");
            for (Row r : unpaired) {
                out.append("- ").append(r.benchmark()).append(' ').append(r.mode()).append(' ')
                        .append(new TreeMap<>(r.params())).append('\n');
            }
        }
        List<Row> all = new ArrayList<>();
        runs.forEach(all::addAll);
        out.append(growth(all));
        return out.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Row 2's linearity check, informational (no target): the 10k/1k time ratio of every
     * implementation, baselines included, per order. Linear growth is 10; the baselines' own
     * figure shows what the JVM adds.
     */
    private static String growth(List<Row> rows) {
        Map<String, List<Double>> at1k = new TreeMap<>();
        Map<String, List<Double>> at10k = new TreeMap<>();
        for (Row r : rows) {
            if (r.benchmark().startsWith("ShutdownBenchmark.") && r.mode().equals("ss")) {
                String threads = r.params().get("threads");
                String key = r.order().isEmpty() ? r.impl() : r.impl() + " (" + r.order() + ")";
                if ("1000".equals(threads)) {
                    at1k.computeIfAbsent(key, k -> new ArrayList<>()).add(r.score());
                } else if ("10000".equals(threads)) {
                    at10k.computeIfAbsent(key, k -> new ArrayList<>()).add(r.score());
                }
            }
        }
        if (at1k.isEmpty() || at10k.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n| shutdown growth (informational) | 1k threads (ms) | 10k threads (ms) | 10k/1k |\n"
                + "|---|---:|---:|---:|\n");
        for (String impl : at1k.keySet()) {
            if (!at10k.containsKey(impl)) {
                continue;
            }
            double small = median(at1k.get(impl));
            double big = median(at10k.get(impl));
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", impl, small, big, big / small));
        }
        return out.toString();
    }

    /**
     * The target of a result's row ({@link Targets}): row 1 per kind of thread; row 2 in both
     * orders, each against its own order's baseline; row 3's round trip and burst throughput.
     * Row 3's latency percentiles have none.
     *
     * @param r a result
     * @return its target, or {@code null}
     */
    static Target target(Row r) {
        if (r.benchmark().startsWith("ThreadLifecycleBenchmark.")) {
            return "virtual".equals(r.params().get("kind")) ? Targets.ROW1_VIRTUAL : Targets.ROW1_PLATFORM;
        }
        if (r.benchmark().startsWith("ShutdownBenchmark.")) {
            return Targets.ROW2; // both orders, each against its own baseline
        }
        if (r.benchmark().startsWith("LoopBenchmark.") && r.mode().equals("thrpt")) {
            return Targets.ROW3;
        }
        return null; // latency percentiles: reported, no target of their own
    }

    private static double err(Row r) {
        return Double.isFinite(r.error()) ? r.error() : 0;
    }

    private static double finiteOr(double value, double fallback) {
        return Double.isFinite(value) ? value : fallback;
    }

    private static String scored(Row r) {
        return Double.isFinite(r.error()) ? String.format(Locale.ROOT, "%.3f ± %.3f", r.score(), r.error())
                : String.format(Locale.ROOT, "%.3f", r.score());
    }

    private static double number(String cell) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("NaN")) {
            return Double.NaN;
        }
        return Double.parseDouble(cell);
    }

    /** Splits one CSV line as JMH writes it: comma-separated, fields optionally in double quotes. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
