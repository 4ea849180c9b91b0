package org.neurofusion.alignment.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.modalities.io.NpyReader;

/**
 * Reads the ground truth that {@code neurofusion simulate} writes beside a simulated BIDS cohort: per run,
 * {@code derivatives/neurofusion-simulation/sub-<id>/<key>_desc-truth.npy} (sources × time on the EEG clock,
 * sample {@code k} at {@code k / fs} seconds) and its JSON sidecar naming the rows ({@code "<source> band_power"},
 * {@code "<source> hbo"}, {@code "<source> hbr"}, ...) and the rate ({@code sampling_frequency}), and summarises it
 * per window as {@link TruthFeatures}. A window's extent {@code [start, start + length)} covers the samples whose
 * times fall inside it.
 */
public final class SimulationTruth {
    private static final String BAND_POWER = " band_power";

    private SimulationTruth() {
    }

    /** The truth file of one run in a simulated BIDS folder. */
    public static Path truthFile(Path bids, RecordingKey run) {
        return org.neurofusion.datasets.simulate.CohortWriter.truthFile(bids, run);
    }

    /**
     * The truth features of each window, in order. Each run's file is read once.
     *
     * @throws RecordingException naming the file when a truth file or its sidecar is missing or malformed (the
     *     .npy header is checked against the file before anything is allocated), when the runs name different
     *     sources, or when a window's extent does not lie inside its run's truth
     */
    public static TruthFeatures read(Path bids, List<TruthWindow> windows) {
        if (bids == null || windows == null || windows.isEmpty()) {
            throw new IllegalArgumentException("reading the truth needs a BIDS folder and at least one window");
        }
        Map<RecordingKey, RunTruth> runs = new HashMap<>();
        List<String> sources = null;
        Path sourcesFrom = null;
        double[][] eeg = new double[windows.size()][];
        double[][] fnirs = new double[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            TruthWindow window = windows.get(w);
            if (window == null) {
                throw new IllegalArgumentException("window " + w + " is missing (null)");
            }
            RunTruth t = runs.computeIfAbsent(window.run(), k -> RunTruth.load(truthFile(bids, k)));
            if (sources == null) {
                sources = t.sources;
                sourcesFrom = t.file;
            } else if (!sources.equals(t.sources)) {
                throw new CorruptRecordingException(t.file, -1, "names the sources " + t.sources + " but "
                        + sourcesFrom + " names " + sources + "; truth features must share one layout");
            }
            int s = t.sources.size();
            eeg[w] = new double[s];
            fnirs[w] = new double[2 * s];
            int[] e = t.samples(w, window, window.eegStart(), window.eegLength(), "EEG");
            int[] f = t.samples(w, window, window.fnirsStart(), window.fnirsLength(), "fNIRS");
            for (int k = 0; k < s; k++) {
                eeg[w][k] = mean(t.bandPower.get(k), e);
                fnirs[w][2 * k] = mean(t.hbo.get(k), f);
                fnirs[w][2 * k + 1] = mean(t.hbr.get(k), f);
            }
        }
        return new TruthFeatures(sources, eeg, fnirs);
    }

    private static double mean(double[] x, int[] range) {
        double s = 0;
        for (int i = range[0]; i < range[1]; i++) {
            s += x[i];
        }
        return s / (range[1] - range[0]);
    }

    /** The rows of one run's truth that the features need. */
    private static final class RunTruth {
        final Path file;
        final double rate;
        final long samples;
        final List<String> sources = new ArrayList<>();
        final List<double[]> bandPower = new ArrayList<>();
        final List<double[]> hbo = new ArrayList<>();
        final List<double[]> hbr = new ArrayList<>();

        private RunTruth(Path file, double rate, long samples) {
            this.file = file;
            this.rate = rate;
            this.samples = samples;
        }

        static RunTruth load(Path npy) {
            String name = npy.getFileName().toString();
            Path sidecar = npy.resolveSibling(name.substring(0, name.length() - ".npy".length()) + ".json");
            JsonNode meta;
            try {
                meta = new ObjectMapper().readTree(Files.readAllBytes(sidecar));
            } catch (NoSuchFileException e) {
                throw new RecordingException(sidecar, -1, "no such file: the simulator's truth sidecar is missing"
                        + " (was this cohort written by neurofusion simulate?)");
            } catch (IOException e) {
                throw new CorruptRecordingException(sidecar, -1, "cannot be read as JSON: " + e.getMessage(), e);
            }
            JsonNode rows = meta == null ? null : meta.get("rows");
            JsonNode fs = meta == null ? null : meta.get("sampling_frequency");
            if (rows == null || !rows.isArray() || fs == null || !fs.isNumber() || !(fs.asDouble() > 0)) {
                throw new CorruptRecordingException(sidecar, -1, "needs an array \"rows\" and a positive number"
                        + " \"sampling_frequency\"");
            }
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).isTextual() || index.put(rows.get(i).asText(), i) != null) {
                    throw new CorruptRecordingException(sidecar, -1, "row " + i + " is not a distinct name: "
                            + rows.get(i));
                }
            }
            try (NpyReader in = NpyReader.open(npy)) {
                if (in.rows() != rows.size()) {
                    throw new CorruptRecordingException(npy, -1, "has " + in.rows() + " rows but its sidecar "
                            + sidecar.getFileName() + " names " + rows.size());
                }
                RunTruth t = new RunTruth(npy, fs.asDouble(), in.columns());
                for (String row : index.keySet()) {
                    if (row.endsWith(BAND_POWER)) {
                        String source = row.substring(0, row.length() - BAND_POWER.length());
                        Integer o = index.get(source + " hbo");
                        Integer r = index.get(source + " hbr");
                        if (o == null || r == null) {
                            throw new CorruptRecordingException(sidecar, -1, "source '" + source + "' has band_power"
                                    + " but lacks an hbo or hbr row");
                        }
                        t.sources.add(source);
                        t.bandPower.add(in.readRow(index.get(row)));
                        t.hbo.add(in.readRow(o));
                        t.hbr.add(in.readRow(r));
                    }
                }
                if (t.sources.isEmpty()) {
                    throw new CorruptRecordingException(sidecar, -1, "names no '<source> band_power' row");
                }
                return t;
            }
        }

        /** Sample range {from, to} of an extent, or an error naming the window and the file. */
        int[] samples(int w, TruthWindow window, double start, double length, String part) {
            // samples k with start <= k/fs < start + length; the small slack absorbs rounding of k/fs
            long from = (long) Math.ceil(start * rate - 1e-9);
            long to = (long) Math.ceil((start + length) * rate - 1e-9);
            if (from < 0 || to > samples || to <= from) {
                throw new RecordingException(file, -1, String.format(Locale.ROOT, "window %d of %s: its %s extent"
                        + " [%.3f, %.3f) s does not cover samples inside the truth's 0 .. %.3f s", w, window.run(),
                        part, start, start + length, samples / rate));
            }
            return new int[] {(int) from, (int) to};
        }
    }
}
