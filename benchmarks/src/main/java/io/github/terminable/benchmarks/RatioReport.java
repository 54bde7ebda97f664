package io.github.terminable.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
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
        if (args.length == 0) {
            System.err.println("usage: RatioReport <jmh-result.csv>...");
            System.exit(2);
        }
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
     * Builds the tables. Each ratio pairs a result with the baseline of the same run (file). A
     * result that several runs (rounds) produced is reported by its median ratio, with the
     * range of the rounds' ratios; a single run's ratio gets the range from its error bars.
     *
     * @param runs the rows of each run
     * @return Markdown tables
     */
    static String report(List<List<Row>> runs) {
        Map<String, List<Paired>> byKey = new LinkedHashMap<>();
        List<Row> unpaired = new ArrayList<>();
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
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | mode | params | impl | score ± error | jdk score ± error | unit | ratio (range) | rounds | target | verdict |\n");
        out.append("|---|---|---|---|---:|---:|---|---:|---:|---|---|\n");
        for (List<Paired> rounds : byKey.values()) {
            Paired first = rounds.get(0);
            Row r = first.row();
            double ratio;
            double low;
            double high;
            String score;
            String baseScore;
            if (rounds.size() == 1) {
                ratio = first.ratio();
                low = first.low();
                high = first.high();
                score = scored(r);
                baseScore = scored(first.base());
            } else {
                List<Double> ratios = new ArrayList<>();
                List<Double> scores = new ArrayList<>();
                List<Double> baseScores = new ArrayList<>();
                for (Paired p : rounds) {
                    ratios.add(p.ratio());
                    scores.add(p.row().score());
                    baseScores.add(p.base().score());
                }
                ratio = median(ratios);
                low = java.util.Collections.min(ratios);
                high = java.util.Collections.max(ratios);
                score = String.format(Locale.ROOT, "%.3f (median)", median(scores));
                baseScore = String.format(Locale.ROOT, "%.3f (median)", median(baseScores));
            }
            Target target = target(r);
            String verdict = target == null ? "-" : target.verdict(ratio, low, high);
            Map<String, String> others = new TreeMap<>(r.params());
            others.remove("impl");
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.3f (%.2f–%.2f) | %d | %s | %s |%n",
                    r.benchmark(), r.mode(), others, r.impl(), score, baseScore, r.unit(), ratio, low, high,
                    rounds.size(), target == null ? (r.mode().equals("thrpt") ? "(throughput)" : "(time)")
                            : target.describe(), verdict));
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
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Row 2's linearity check: the 10k/1k time ratio of every implementation, baselines included,
     * per order.
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
        StringBuilder out = new StringBuilder("\n| shutdown growth | 1k threads (ms) | 10k threads (ms) | 10k/1k | target | verdict |\n"
                + "|---|---:|---:|---:|---|---|\n");
        for (String impl : at1k.keySet()) {
            if (!at10k.containsKey(impl)) {
                continue;
            }
            double small = median(at1k.get(impl));
            double big = median(at10k.get(impl));
            double g = big / small;
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | <= 12 | %s |%n", impl, small, big, g,
                    g <= 12 ? "MET" : "MISSED"));
        }
        return out.toString();
    }

    /** A row's target: an upper bound on a time ratio, or a lower bound on a throughput ratio. */
    record Target(double bound, boolean atMost) {
        String describe() {
            return (atMost ? "<= " : ">= ") + bound;
        }

        String verdict(double ratio, double low, double high) {
            boolean met = atMost ? ratio <= bound : ratio >= bound;
            boolean sure = atMost ? (met ? high <= bound : low > bound) : (met ? low >= bound : high < bound);
            return (met ? "MET" : "MISSED") + (sure ? "" : " (within noise)");
        }
    }

    static Target target(Row r) {
        if (r.benchmark().startsWith("ThreadLifecycleBenchmark.")) {
            return new Target("virtual".equals(r.params().get("kind")) ? 1.5 : 1.10, true);
        }
        if (r.benchmark().startsWith("ShutdownBenchmark.")) {
            return new Target(1.15, true); // both orders, each against its own baseline
        }
        if (r.benchmark().startsWith("LoopBenchmark.") && r.mode().equals("thrpt")) {
            return new Target(1.0, false);
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
