package org.neurofusion.fusion.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code map.svg}, written by hand: two heat maps side by side, the student's gain over scratch and over
 * self-training, rows the shared fraction and columns the labelled windows per class, on one diverging colour scale
 * (blue below zero, white at zero, red above) with its legend; each cell shows the mean gain and its 95% interval.
 */
public final class MapHeatmap {
    private static final int CELL_W = 150;
    private static final int CELL_H = 54;
    private static final int LEFT = 120;
    private static final int TOP = 110;
    private static final int PANEL_GAP = 60;
    private static final int[] NEGATIVE = {33, 102, 172};
    private static final int[] POSITIVE = {178, 24, 43};

    private MapHeatmap() {
    }

    /** The SVG document. */
    public static String svg(List<CellSummary> summaries) {
        List<Double> rows = new ArrayList<>(new TreeSet<>(summaries.stream().map(c -> c.cell().sharedFraction())
                .toList()));
        // counts ascending, "all" (-1) last
        List<Integer> cols = summaries.stream().map(c -> c.cell().labelledPerClass()).distinct()
                .sorted(Comparator.comparingLong(l -> l < 0 ? Long.MAX_VALUE : l)).toList();
        double scale = scale(summaries);
        int panelW = LEFT + cols.size() * CELL_W;
        int width = 2 * panelW + PANEL_GAP + 20;
        int legendY = TOP + rows.size() * CELL_H + 50;
        int height = legendY + 70;
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", width, height, width, height));
        s.append("<title>Distillation map: the EEG-only student's gain (SIMULATED DATA)</title>\n");
        s.append("<defs><linearGradient id=\"diverging\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
        for (int i = 0; i <= 4; i++) {
            double v = -1 + i * 0.5;
            s.append(String.format(Locale.ROOT, "<stop offset=\"%.2f\" stop-color=\"%s\"/>", i / 4.0, colour(v, 1)));
        }
        s.append("</linearGradient></defs>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(20, 28, 18, "start", "title", "Distillation map: student's held-out accuracy gain"
                + " (SIMULATED DATA)"));
        panel(s, 0, "gain over scratch", "student − scratch", rows, cols, summaries, CellSummary::overScratch,
                scale);
        panel(s, panelW + PANEL_GAP, "gain over self-training", "student − self-training", rows, cols, summaries,
                CellSummary::overSelfTraining, scale);
        legend(s, LEFT, legendY, scale);
        s.append("</svg>\n");
        return s.toString();
    }

    /** Writes the heat map to {@code file} atomically. */
    public static void write(Path file, List<CellSummary> summaries) {
        MapCsv.writeAtomically(file, svg(summaries));
    }

    private static void panel(StringBuilder s, int x0, String id, String title, List<Double> rows, List<Integer> cols,
            List<CellSummary> summaries, Function<CellSummary, PairedTInterval> gain, double scale) {
        s.append("<g class=\"panel\" id=\"").append(id.replace(' ', '-')).append("\">\n");
        s.append(text(x0 + LEFT, 62, 15, "start", "panel-title", title + " (mean [95% CI])"));
        s.append(text(x0 + LEFT + cols.size() * CELL_W / 2, 84, 12, "middle", "axis-label",
                "labelled windows per class and subject"));
        s.append(text(x0 + 14, TOP - 8, 12, "start", "axis-label", "shared_fraction"));
        for (int j = 0; j < cols.size(); j++) {
            s.append(text(x0 + LEFT + j * CELL_W + CELL_W / 2, TOP - 8, 13, "middle", "col-label",
                    MapRow.labelled(cols.get(j))));
        }
        for (int i = 0; i < rows.size(); i++) {
            int y = TOP + i * CELL_H;
            s.append(text(x0 + LEFT - 12, y + CELL_H / 2 + 5, 13, "end", "row-label", MapCsv.number(rows.get(i))));
            for (int j = 0; j < cols.size(); j++) {
                int x = x0 + LEFT + j * CELL_W;
                CellSummary c = find(summaries, rows.get(i), cols.get(j));
                double mean = c == null ? Double.NaN : gain.apply(c).mean();
                String fill = Double.isNaN(mean) ? "#dddddd" : colour(mean, scale);
                s.append(String.format(Locale.ROOT, "<rect class=\"cell\" data-shared-fraction=\"%s\""
                        + " data-labelled=\"%s\" data-mean=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                        + " fill=\"%s\" stroke=\"#888888\"/>%n", MapCsv.number(rows.get(i)),
                        MapRow.labelled(cols.get(j)), Double.isNaN(mean) ? "NaN" : Double.toString(mean), x, y, CELL_W,
                        CELL_H, fill));
                String ink = !Double.isNaN(mean) && Math.abs(mean) > 0.6 * scale ? "white" : "black";
                if (c == null) {
                    s.append(text(x + CELL_W / 2, y + CELL_H / 2 + 5, 12, "middle", "cell-text", "not run"));
                } else {
                    PairedTInterval ci = gain.apply(c);
                    s.append(text(x + CELL_W / 2, y + 22, 14, "middle", "cell-mean", MapReport.signed(ci.mean()), ink));
                    String range = Double.isNaN(ci.lower()) ? "[n/a: 1 pair]"
                            : "[" + MapReport.signed(ci.lower()) + ", " + MapReport.signed(ci.upper()) + "]";
                    s.append(text(x + CELL_W / 2, y + 40, 11, "middle", "cell-ci", range, ink));
                }
            }
        }
        s.append("</g>\n");
    }

    private static void legend(StringBuilder s, int x, int y, double scale) {
        int w = 300;
        s.append("<g class=\"legend\">\n");
        s.append(text(x, y - 8, 12, "start", "legend-title", "gain in accuracy (colour scale, clipped at ±"
                + String.format(Locale.ROOT, "%.2f", scale) + ")"));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\""
                + " fill=\"url(#diverging)\" stroke=\"#888888\"/>%n", x, y, w));
        double[] ticks = {-scale, -scale / 2, 0, scale / 2, scale};
        for (int i = 0; i < ticks.length; i++) {
            int tx = x + i * w / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                    tx, tx, y + 16, y + 21));
            s.append(text(tx, y + 34, 11, "middle", "legend-tick", i == 2 ? "0" : MapReport.signed(ticks[i])));
        }
        s.append("</g>\n");
    }

    private static CellSummary find(List<CellSummary> summaries, double sf, int lpc) {
        for (CellSummary c : summaries) {
            if (c.cell().sharedFraction() == sf && c.cell().labelledPerClass() == lpc) {
                return c;
            }
        }
        return null;
    }

    /** Half-range of the colour scale: the largest absolute mean gain rounded up to 0.05, at least 0.05. */
    static double scale(List<CellSummary> summaries) {
        double m = 0;
        for (CellSummary c : summaries) {
            for (double v : new double[] {c.overScratch().mean(), c.overSelfTraining().mean()}) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
        }
        return Math.max(0.05, Math.ceil(m / 0.05 - 1e-9) * 0.05);
    }

    /** The colour of {@code v} on the scale ±{@code scale}: white at 0, red above, blue below, clipped. */
    static String colour(double v, double scale) {
        double t = Math.max(-1, Math.min(1, v / scale));
        int[] end = t >= 0 ? POSITIVE : NEGATIVE;
        double a = Math.abs(t);
        int r = (int) Math.round(255 + a * (end[0] - 255));
        int g = (int) Math.round(255 + a * (end[1] - 255));
        int b = (int) Math.round(255 + a * (end[2] - 255));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static String text(int x, int y, int size, String anchor, String cls, String content) {
        return text(x, y, size, anchor, cls, content, "black");
    }

    private static String text(int x, int y, int size, String anchor, String cls, String content, String ink) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\""
                + " fill=\"%s\">%s</text>%n", cls, x, y, size, anchor, ink, escape(content));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
