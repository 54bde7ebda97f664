package io.github.terminable.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws every row's figure against its target, per implementation and JDK, as one SVG: the
 * picture of {@code RESULTS.md}'s tables. {@code run-benchmarks.sh} runs it over every result
 * directory after each run, so the chart is made by the run itself.
 *
 * <p>Each row of the benchmark table is a panel with its own logarithmic axis and its target as a
 * dashed line, the side of the line that meets the target shaded. Each figure of a row is a line
 * per implementation, with one mark per JDK (a different shape each), green when the target is
 * met, red when it is missed, and a whisker over the figure's range. Figures without a target
 * (row 3's latency percentiles) are left to the tables. The
 * figures come from a result directory ({@code target/results/jdk<N>/}):
 * <ul>
 *   <li>rows 1 to 3: the JMH CSV files, through {@link RatioReport#compare}, the same model as the
 *       ratio tables;</li>
 *   <li>rows 1 and 3 again: the paired, interleaved runs of {@code interleaved.txt} (the
 *       figures {@code RESULTS.md} bases row 3's verdict on), as marks of their own;</li>
 *   <li>row 4: the histogram bytes per live thread of {@code row4.txt};</li>
 *   <li>row 5: the ratios to {@code closing} and {@code guava} of {@code row5/summary.csv} (without
 *       AppCDS).</li>
 * </ul>
 * Directories whose names give the same JDK are merged, a later one replacing an earlier one's
 * marks, so a JDK never has two marks for one figure.
 *
 * <p>Run: {@code java -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.RatioChart --out ratios.svg [--title text] result-dir...}
 */
public final class RatioChart {

    /**
     * One mark of the chart.
     *
     * @param row the row of the benchmark table (1 to 5)
     * @param figure the figure within the row, such as {@code completion order, 1k threads}
     * @param impl the implementation
     * @param jdk the Java feature version of the run
     * @param value the figure (a ratio, or bytes for row 4)
     * @param low the low end of its range
     * @param high the high end of its range
     * @param target the target, or {@code null}
     * @param unit how a value is written after its number: {@code x} or {@code B}
     */
    record Mark(int row, String figure, String impl, int jdk, double value, double low, double high, Target target,
            String unit) {

        /** The key that identifies a mark: one per row, figure, implementation and JDK. */
        String key() {
            return row + "|" + figure + "|" + impl + "|" + jdk;
        }
    }

    private static final Pattern JDK_DIR = Pattern.compile("jdk(\\d+).*");
    private static final Pattern LIVE_THREADS = Pattern.compile(
            "^live-threads impl=(\\S+) .*histogram-extra-bytes-per-thread=(-?[\\d.]+) target<=(\\d+) .*$");
    /** A result line of {@code interleaved.txt}: workload, implementation, median us/op, median ratio, IQR. */
    private static final Pattern INTERLEAVED = Pattern.compile(
            "^\\| (\\S+) \\| (\\S+) \\| [\\d.]+ \\| ([\\d.]+) \\| ([\\d.]+)\u2013([\\d.]+) \\|.*$");
    private static final String[] ROW_TITLES = {
        "",
        "Row 1 · create, start and join a thread, vs new Thread (time ratio)",
        "Row 2 · shutdown of N threads, vs its order's JDK baseline (time ratio)",
        "Row 3 · background loop, vs newSingleThreadExecutor (throughput ratio: higher is better)",
        "Row 4 · heap per live thread beyond the Thread (bytes)",
        "Row 5 · process exit with 100 loops, without AppCDS (wall-time ratio)",
    };
    private static final String MET = "#2e7d32";
    private static final String MISSED = "#c62828";
    private static final String NONE = "#757575";

    private static final int WIDTH = 1040;
    private static final int LABEL_X = 16;
    private static final int PLOT_LEFT = 330;
    private static final int PLOT_RIGHT = 800;
    private static final int VALUES_X = 816;
    private static final int LINE = 22;
    private static final int PANEL_HEAD = 34;
    private static final int AXIS = 26;

    private RatioChart() {
    }

    /**
     * Writes the chart.
     *
     * @param args {@code --out file.svg [--title text] result-dir...}
     * @throws IOException if a result cannot be read or the chart written
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        String title = "terminable: every row's figure against its target";
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Paths.get(args[++i]);
            } else if (args[i].equals("--title") && i + 1 < args.length) {
                title = args[++i];
            } else {
                dirs.add(Paths.get(args[i]));
            }
        }
        Usage.exitUnless(out != null && !dirs.isEmpty(), "RatioChart --out file.svg [--title text] result-dir...");
        List<Mark> marks = new ArrayList<>();
        for (Path dir : dirs) {
            marks.addAll(read(dir));
        }
        Files.write(out, render(marks, title).getBytes(StandardCharsets.UTF_8));
        System.out.println("# chart: " + out + " (" + merge(marks).size() + " marks from " + dirs.size() + " directories)");
    }

    /**
     * Reads the marks of one result directory.
     *
     * @param dir a directory named {@code jdk<N>...}, as {@code run-benchmarks.sh} writes it
     * @return its marks, of every row it holds results of
     * @throws IOException if a result cannot be read
     */
    static List<Mark> read(Path dir) throws IOException {
        Matcher name = JDK_DIR.matcher(dir.getFileName().toString());
        if (!name.matches()) {
            throw new IOException(dir + ": not a result directory (its name must be jdk<N>)");
        }
        int jdk = Integer.parseInt(name.group(1));
        List<Mark> marks = new ArrayList<>();
        List<List<RatioReport.Row>> runs = new ArrayList<>();
        try (DirectoryStream<Path> csvs = Files.newDirectoryStream(dir, "row[123]*.csv")) {
            List<Path> sorted = new ArrayList<>();
            csvs.forEach(sorted::add);
            sorted.sort(Comparator.naturalOrder());
            for (Path csv : sorted) {
                runs.add(RatioReport.parse(csv));
            }
        }
        for (RatioReport.Comparison c : RatioReport.compare(runs, new ArrayList<>())) {
            if (c.tableRow() > 0) {
                marks.add(c.mark(jdk));
            }
        }
        Path row4 = dir.resolve("row4.txt");
        if (Files.isRegularFile(row4)) {
            for (String line : Files.readAllLines(row4, StandardCharsets.UTF_8)) {
                Matcher m = LIVE_THREADS.matcher(line);
                if (m.matches()) {
                    double bytes = Double.parseDouble(m.group(2));
                    marks.add(new Mark(4, "live platform thread", m.group(1), jdk, bytes, bytes, bytes,
                            new Target(Double.parseDouble(m.group(3)), true), "B"));
                }
            }
        }
        Path interleaved = dir.resolve("interleaved.txt");
        if (Files.isRegularFile(interleaved)) {
            marks.addAll(interleaved(Files.readAllLines(interleaved, StandardCharsets.UTF_8), jdk));
        }
        Path row5 = dir.resolve("row5").resolve("summary.csv");
        if (Files.isRegularFile(row5)) {
            List<String> lines = Files.readAllLines(row5, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split(","));
            int vsClosing = header.indexOf("median_vs_closing");
            int vsGuava = header.indexOf("median_vs_guava");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (!cells[0].equals(Implementations.REFERENCE) && !cells[0].equals(Implementations.EXECUTOR)) {
                    continue;
                }
                double c = Double.parseDouble(cells[vsClosing]);
                double g = Double.parseDouble(cells[vsGuava]);
                marks.add(new Mark(5, "vs hand-written closing", cells[0], jdk, c, c, c, Targets.ROW5_VS_CLOSING, "x"));
                marks.add(new Mark(5, "vs Guava's exiting executor", cells[0], jdk, g, g, g, Targets.ROW5_VS_GUAVA, "x"));
            }
        }
        return marks;
    }

    /**
     * Reads the marks of the paired, interleaved runs ({@code interleaved.txt}): one per workload
     * and implementation, the median of the per-round ratios with its interquartile range as the
     * whisker. The lifecycle workloads are row 1 (time ratios); the round trip and the burst are
     * row 3, turned into throughput ratios (the baseline's time over the implementation's), so
     * their range is inverted too.
     *
     * @param lines the file's lines, as {@code Interleaved} prints them
     * @param jdk the Java feature version of the run
     * @return the marks, without the baseline's own rows
     */
    static List<Mark> interleaved(List<String> lines, int jdk) {
        List<Mark> marks = new ArrayList<>();
        for (String line : lines) {
            Matcher m = INTERLEAVED.matcher(line);
            if (!m.matches() || !(m.group(2).equals(Implementations.REFERENCE) || m.group(2).equals(Implementations.EXECUTOR))) {
                continue;
            }
            String workload = m.group(1);
            double ratio = Double.parseDouble(m.group(3));
            double low = Double.parseDouble(m.group(4));
            double high = Double.parseDouble(m.group(5));
            switch (workload) {
                case "lifecycle-platform":
                case "lifecycle-virtual": {
                    boolean virtual = workload.endsWith("virtual");
                    marks.add(new Mark(1, (virtual ? "virtual" : "platform") + " create+start+join, interleaved", m.group(2),
                            jdk, ratio, low, high, virtual ? Targets.ROW1_VIRTUAL : Targets.ROW1_PLATFORM, "x"));
                    break;
                }
                case "round-trip":
                case "burst":
                    marks.add(new Mark(3, workload.replace('-', ' ') + " throughput, interleaved", m.group(2), jdk,
                            1 / ratio, 1 / high, 1 / low, Targets.ROW3, "x"));
                    break;
                default:
                    throw new IllegalArgumentException("interleaved.txt: unknown workload '" + workload + "' in: " + line);
            }
        }
        return marks;
    }

    /** Keeps one mark per key, the last one given, in the order of first appearance. */
    static List<Mark> merge(List<Mark> marks) {
        Map<String, Mark> byKey = new LinkedHashMap<>();
        for (Mark m : marks) {
            byKey.put(m.key(), m);
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * Draws the chart.
     *
     * @param all the marks (later marks replace earlier ones of the same key)
     * @param title the chart's title
     * @return the SVG document
     */
    static String render(List<Mark> all, String title) {
        List<Mark> marks = new ArrayList<>(merge(all));
        marks.removeIf(m -> m.target() == null); // latency percentiles: in the tables, not the chart
        TreeSet<Integer> jdks = new TreeSet<>();
        marks.forEach(m -> jdks.add(m.jdk()));
        List<Integer> jdkOrder = new ArrayList<>(jdks);
        // row -> figure and implementation -> marks, in order of first appearance
        Map<Integer, Map<String, List<Mark>>> rows = new java.util.TreeMap<>();
        // lines of one figure together (implementations in the order they first appear)
        List<String> figures = new ArrayList<>();
        marks.forEach(m -> {
            if (!figures.contains(m.row() + m.figure())) {
                figures.add(m.row() + m.figure());
            }
        });
        marks.sort(Comparator.comparingInt((Mark m) -> figures.indexOf(m.row() + m.figure())));
        for (Mark m : marks) {
            rows.computeIfAbsent(m.row(), r -> new LinkedHashMap<>())
                    .computeIfAbsent(m.figure() + " · " + m.impl(), k -> new ArrayList<>()).add(m);
        }
        StringBuilder body = new StringBuilder();
        int y = 70;
        for (Map.Entry<Integer, Map<String, List<Mark>>> row : rows.entrySet()) {
            y = panel(body, y, row.getKey(), row.getValue(), jdkOrder);
        }
        if (rows.isEmpty()) {
            body.append(text(LABEL_X, y + 16, "no results", "", NONE));
            y += 30;
        }
        int height = y + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(text(LABEL_X, 24, title, " font-size=\"16\" font-weight=\"bold\"", "#000"));
        legend(svg, jdkOrder);
        svg.append(body);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void legend(StringBuilder svg, List<Integer> jdks) {
        int x = LABEL_X;
        int y = 48;
        for (int i = 0; i < jdks.size(); i++) {
            svg.append(shape(i, x + 5, y - 4, "#444"));
            svg.append(text(x + 14, y, "JDK " + jdks.get(i), "", "#000"));
            x += 78;
        }
        String[][] colours = {{MET, "target met"}, {MISSED, "target missed"}};
        for (String[] c : colours) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n",
                    x, y - 9, c[0]));
            svg.append(text(x + 14, y, c[1], "", "#000"));
            x += 110;
        }
        svg.append(text(x + 10, y, "whisker: range over rounds, error bars or interquartile range; dashed: target", "", "#555"));
    }

    private static int panel(StringBuilder svg, int top, int row, Map<String, List<Mark>> lines, List<Integer> jdks) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        TreeSet<String> targets = new TreeSet<>();
        List<Target> targetList = new ArrayList<>();
        String unit = "x";
        for (List<Mark> ms : lines.values()) {
            for (Mark m : ms) {
                unit = m.unit();
                for (double v : new double[] {m.value(), m.low(), m.high()}) {
                    if (Double.isFinite(v) && v > 0) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                if (m.target() != null && targets.add(m.target().describe())) {
                    targetList.add(m.target());
                    lo = Math.min(lo, m.target().bound());
                    hi = Math.max(hi, m.target().bound());
                }
            }
        }
        if (!(hi > 0)) {
            lo = 0.5;
            hi = 2;
        }
        lo /= 1.15;
        hi *= 1.15;
        if (hi / lo < 2) { // at least a factor of two across, around the middle
            double mid = Math.sqrt(lo * hi);
            lo = mid / Math.sqrt(2);
            hi = mid * Math.sqrt(2);
        }
        Axis axis = new Axis(lo, hi);
        String title = row < ROW_TITLES.length ? ROW_TITLES[row] : "Row " + row;
        svg.append(text(LABEL_X, top + 18, title, " font-size=\"13\" font-weight=\"bold\"", "#000"));
        int first = top + PANEL_HEAD;
        int bottom = first + lines.size() * LINE;
        boolean oneTarget = targetList.size() == 1;
        int i = 0;
        for (Map.Entry<String, List<Mark>> line : lines.entrySet()) {
            int cy = first + i * LINE + LINE / 2;
            if (i % 2 == 0) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#000\""
                        + " fill-opacity=\"0.03\"/>%n", LABEL_X - 6, cy - LINE / 2, WIDTH - 2 * LABEL_X + 12, LINE));
            }
            Target t = line.getValue().get(0).target();
            svg.append(text(LABEL_X, cy + 4, line.getKey() + (oneTarget ? "" : "  (" + symbol(t.describe())
                    + (unit.equals("B") ? " B" : "×") + ")"), "", "#000"));
            // the side of the target that meets it, shaded, and the target as a dashed line
            double tx = axis.x(t.bound());
            double from = t.atMost() ? PLOT_LEFT : tx;
            double to = t.atMost() ? tx : PLOT_RIGHT;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                    + " fill-opacity=\"0.08\"/>%n", from, cy - LINE / 2, Math.max(0, to - from), LINE, MET));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\""
                    + " stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>%n", tx, cy - LINE / 2, tx, cy + LINE / 2));
            StringBuilder values = new StringBuilder();
            List<Mark> byJdk = new ArrayList<>(line.getValue());
            byJdk.sort(Comparator.comparingInt(Mark::jdk));
            for (Mark m : byJdk) {
                int k = jdks.indexOf(m.jdk());
                double dy = jdks.size() <= 1 ? 0 : (k - (jdks.size() - 1) / 2.0) * 6;
                String colour = m.target() == null ? NONE : m.target().met(m.value()) ? MET : MISSED;
                double wl = axis.x(m.low());
                double wh = axis.x(m.high());
                if (wh - wl > 1) {
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                            + " stroke=\"%s\" stroke-width=\"1.5\" stroke-opacity=\"0.6\"/>%n", wl, cy + dy, wh, cy + dy,
                            colour));
                }
                svg.append(shape(k, axis.x(m.value()), cy + dy, colour));
                String value = m.unit().equals("B") ? String.format(Locale.ROOT, "%.0f B", m.value())
                        : String.format(Locale.ROOT, "%.2f×", m.value());
                values.append(text(VALUES_X + 108 * k, cy + 4, m.jdk() + ": " + value, "", colour));
            }
            svg.append(values);
            i++;
        }
        if (oneTarget) {
            Target t = targetList.get(0);
            double x = axis.x(t.bound());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\""
                    + " stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>%n", x, first - 4, x, first));
            svg.append(text((int) Math.round(x) + 4, first - 6, "target " + symbol(t.describe())
                    + (unit.equals("B") ? " B" : "×"), " font-size=\"11\"", "#222"));
        }
        // axis
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n",
                PLOT_LEFT, bottom, PLOT_RIGHT, bottom));
        for (double tick : axis.ticks()) {
            double x = axis.x(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>%n",
                    x, bottom, x, bottom + 4));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\""
                    + " stroke-width=\"0.5\"/>%n", x, first, x, bottom));
            svg.append(text((int) Math.round(x), bottom + 16, label(tick), " text-anchor=\"middle\" font-size=\"10\"",
                    "#444"));
        }
        return bottom + AXIS + 8;
    }

    /** A logarithmic axis from the plot's left to its right edge. */
    private record Axis(double lo, double hi) {
        private static final double[] NICE = {0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5,
            2, 3, 4, 5, 8, 10, 16, 20, 32, 50, 64, 100, 128, 200, 256, 500, 512, 1000, 1024};

        double x(double v) {
            double clamped = Double.isFinite(v) && v > 0 ? Math.min(hi, Math.max(lo, v)) : (v > 0 ? hi : lo);
            return PLOT_LEFT + (Math.log(clamped) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
                    * (PLOT_RIGHT - PLOT_LEFT);
        }

        List<Double> ticks() {
            List<Double> in = new ArrayList<>();
            for (double n : NICE) {
                if (n >= lo && n <= hi) {
                    in.add(n);
                }
            }
            // no two labels closer than 36 px
            List<Double> out = new ArrayList<>();
            double last = Double.NEGATIVE_INFINITY;
            for (double t : in) {
                if (x(t) - last >= 36 || t == 1) {
                    if (!out.isEmpty() && x(t) - last < 36) {
                        out.remove(out.size() - 1);
                    }
                    out.add(t);
                    last = x(t);
                }
            }
            return out;
        }
    }

    private static String symbol(String target) {
        return target.replace("<=", "≤").replace(">=", "≥");
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** A JDK's shape: circle, diamond, square, triangle, then again. */
    private static String shape(int k, double x, double y, String colour) {
        switch (k % 4) {
            case 0:
                return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>%n", x, y, colour);
            case 1:
                return String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l6 6 l-6 6 l-6 -6 z\" fill=\"%s\"/>%n", x, y - 6,
                        colour);
            case 2:
                return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\"/>%n",
                        x - 4.5, y - 4.5, colour);
            default:
                return String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l5.5 10 l-11 0 z\" fill=\"%s\"/>%n", x, y - 6,
                        colour);
        }
    }

    private static String text(double x, double y, String s, String attributes, String colour) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\"%s>%s</text>%n", x, y, colour,
                attributes, escape(s));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
