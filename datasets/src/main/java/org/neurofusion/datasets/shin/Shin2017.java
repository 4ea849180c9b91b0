package org.neurofusion.datasets.shin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/**
 * The paired EEG–NIRS dataset of Shin et al. 2017 ("Open access dataset for EEG+NIRS single-trial
 * classification", IEEE TNSRE 25(10), TU Berlin): 29 subjects, six sessions each, motor imagery (left/right
 * hand) in sessions 1, 3, 5 and mental arithmetic (versus baseline) in 2, 4, 6, as published in the BBCI
 * toolbox format:
 *
 * <pre>
 * root/EEG/subject NN/with occular artifact/{cnt,mrk,mnt}.mat   cnt, mrk: 1×6 cell (or struct) arrays
 * root/NIRS/subject NN/{cnt,mrk,mnt}.mat
 * </pre>
 *
 * <p>EEG is 30 channels plus VEOG/HEOG at 200 Hz in µV, returned in V; NIRS is returned as the file holds it
 * (raw 760/850 nm intensities in the published release, HbO/HbR when a file holds concentrations), see
 * {@link ShinNirs}. Events come from {@code mrk}: class names become {@code left}, {@code right},
 * {@code mental_arithmetic}, {@code baseline}, each lasting the 10 s task period. Files may be MAT v5/v7 or
 * v7.3. Everything is read into memory: one session is a few tens of MB.
 */
public final class Shin2017 {
    /** Task period of every trial, seconds (Shin et al. 2017, Fig. 2). */
    public static final double TRIAL_SECONDS = 10;
    private static final Pattern SUBJECT_DIR = Pattern.compile("subject (\\d+)");

    private final Path root;
    private final List<String> subjects;

    private Shin2017(Path root, List<String> subjects) {
        this.root = root;
        this.subjects = subjects;
    }

    /**
     * The dataset under {@code root} (the folder holding {@code EEG} and {@code NIRS}).
     *
     * @throws RecordingException when either folder is missing
     */
    public static Shin2017 open(Path root) {
        TreeSet<String> eeg = subjectDirs(root.resolve("EEG"));
        TreeSet<String> nirs = subjectDirs(root.resolve("NIRS"));
        eeg.retainAll(nirs);
        return new Shin2017(root, List.copyOf(eeg));
    }

    /** Loads every session of one subject; see {@link #load(String)}. */
    public static List<PairedRecording> load(Path root, String subject) {
        return open(root).load(subject);
    }

    /** Subjects with both EEG and NIRS folders, two-digit ({@code 01} ... {@code 29}), in order. */
    public List<String> subjects() {
        return subjects;
    }

    /** The task of a 1-based session: {@code mi} for odd sessions, {@code ma} for even ones. */
    public static String task(int session) {
        return session % 2 == 1 ? "mi" : "ma";
    }

    /**
     * The subject's sessions, in order: key (subject {@code NN}, session {@code 1}..{@code 6}, task {@code mi}
     * or {@code ma}), EEG and NIRS recordings, NIRS clock fitted to the EEG's, events in EEG time.
     *
     * @param subject the subject number, {@code "1"} or {@code "01"}
     * @throws RecordingException naming the file and variable path when a file is missing or does not have the
     *     published structure
     */
    public List<PairedRecording> load(String subject) {
        String nn = twoDigits(subject);
        Path eegDir = root.resolve("EEG").resolve("subject " + nn).resolve("with occular artifact");
        Path nirsDir = root.resolve("NIRS").resolve("subject " + nn);
        Path eegCnt = eegDir.resolve("cnt.mat");
        Path eegMrk = eegDir.resolve("mrk.mat");
        Path nirsCnt = nirsDir.resolve("cnt.mat");
        Path nirsMrk = nirsDir.resolve("mrk.mat");

        Map<String, SensorPosition> eegPos = MatFiles.read(eegDir.resolve("mnt.mat"), "mnt", Bbci::positions);
        ShinNirs.Montage montage = MatFiles.read(nirsDir.resolve("mnt.mat"), "mnt", ShinNirs::montage);
        List<ShinPairs.EegData> eeg = MatFiles.read(eegCnt, "cnt", cnt -> {
            List<ShinPairs.EegData> out = new ArrayList<>();
            for (int i = 0; i < cnt.numel(); i++) {
                out.add(ShinPairs.EegData.of(cnt.element(i)));
            }
            return out;
        });
        List<List<Annotation>> eegEvents = markers(eegMrk, eeg.stream().map(d -> d.cnt().fs()).toList(), eeg.size());
        List<ShinNirs.Data> nirs = MatFiles.read(nirsCnt, "cnt", cnt -> {
            List<ShinNirs.Data> out = new ArrayList<>();
            for (int i = 0; i < cnt.numel(); i++) {
                out.add(ShinNirs.read(cnt.element(i), montage));
            }
            return out;
        });
        if (nirs.size() != eeg.size()) {
            throw new CorruptRecordingException(nirsCnt, -1, "cnt holds " + nirs.size() + " sessions but "
                    + eegCnt + " holds " + eeg.size());
        }
        List<List<Annotation>> nirsEvents = markers(nirsMrk, nirs.stream().map(ShinNirs.Data::fs).toList(),
                nirs.size());
        String eegFormat = format(eegCnt);
        String nirsFormat = format(nirsCnt);
        List<PairedRecording> out = new ArrayList<>();
        for (int i = 0; i < eeg.size(); i++) {
            ShinPairs.EegData d = eeg.get(i);
            Recording e = ShinPairs.eeg(new ShinPairs.Origin(eegCnt, d.variable(), eegFormat), d, eegPos,
                    eegEvents.get(i));
            Recording n = ShinPairs.nirs(new ShinPairs.Origin(nirsCnt, nirs.get(i).variable(), nirsFormat),
                    nirs.get(i), nirsEvents.get(i));
            RecordingKey key = new RecordingKey(nn, Integer.toString(i + 1), task(i + 1), "");
            out.add(ShinPairs.pair(key, e, n, nirsMrk));
        }
        return out;
    }

    private static List<List<Annotation>> markers(Path file, List<Double> rates, int sessions) {
        return MatFiles.read(file, "mrk", mrk -> {
            if (mrk.numel() != sessions) {
                throw mrk.mismatch(sessions + " sessions, as many as the cnt file holds");
            }
            List<List<Annotation>> out = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                Map<Integer, String> codes = task(i + 1).equals("mi") ? Map.of(16, "left", 32, "right")
                        : Map.of(16, "mental_arithmetic", 32, "baseline");
                out.add(Bbci.markers(mrk.element(i), rates.get(i), TRIAL_SECONDS, Shin2017::describe, codes));
            }
            return out;
        });
    }

    /** The event description of a published class name. */
    static String describe(String className) {
        String c = className.trim().toLowerCase(Locale.ROOT);
        if (c.contains("left")) {
            return "left";
        }
        if (c.contains("right")) {
            return "right";
        }
        if (c.equals("ma") || c.contains("arithmetic") || c.contains("subtraction")) {
            return "mental_arithmetic";
        }
        if (c.equals("bl") || c.contains("baseline") || c.contains("rest")) {
            return "baseline";
        }
        return c.replaceAll("\\s+", "_");
    }

    static String format(Path file) {
        return "BBCI MAT v" + (MatFiles.version(file) == 5 ? "5/7" : "7.3");
    }

    static String twoDigits(String subject) {
        try {
            int n = Integer.parseInt(subject.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return String.format(Locale.ROOT, "%02d", n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("subject must be a positive number such as 1 or 01, got '" + subject
                    + "'");
        }
    }

    private static TreeSet<String> subjectDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RecordingException(dir, -1, "does not exist: expected the dataset's EEG and NIRS folders under "
                    + dir.getParent());
        }
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(p -> {
                Matcher m = SUBJECT_DIR.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(twoDigits(m.group(1)));
                }
            });
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot be listed: " + e.getMessage(), e);
        }
        return out;
    }
}
