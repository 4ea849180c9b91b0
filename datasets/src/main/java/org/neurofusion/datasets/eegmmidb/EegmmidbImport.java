package org.neurofusion.datasets.eegmmidb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsWriter;
import org.neurofusion.datasets.bids.RecordedWindowing;
import org.neurofusion.modalities.eeg.EdfReader;
import org.neurofusion.modalities.montage.StandardMontage;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * Imports the PhysioNet EEG Motor Movement/Imagery Database (Schalk et al. 2004; Goldberger et al. 2000) as a BIDS
 * dataset. Each {@code SxxxRyy.edf} (in the folder itself or in its {@code Sxxx/} sub-folder, as PhysioNet lays
 * them out) becomes {@code sub-xxx/eeg/sub-xxx_task-T_run-N_eeg.edf}, its task, run and events given by a
 * {@link RunTable}; channels take their standard names and positions from a {@link StandardMontage}
 * ({@code Fc5.} becomes {@code FC5}), and {@code electrodes.tsv} is written from them.
 *
 * <p>The dataset also records, for every imported task with two cue classes, the conventional cue-locked window
 * (0.5–2.5 s after the cue) and band (8–30 Hz) as a {@link RecordedWindowing}, which {@code neurofusion evaluate}
 * reads when given no spec.
 *
 * <p>The dataset is written in a sibling temporary folder and moved into place when whole, so an import that
 * fails leaves nothing behind.
 */
public final class EegmmidbImport {
    /** The conventional epoch of this dataset's cue-locked decoding, in seconds after the cue. */
    public static final double EPOCH_START = 0.5;
    public static final double EPOCH_END = 2.5;
    /** The conventional band, in Hz. */
    public static final double BAND_LOW = 8;
    public static final double BAND_HIGH = 30;
    /** The mains frequency where the database was recorded (New York State). */
    public static final double POWER_LINE_HZ = 60;

    private static final Pattern FILE = Pattern.compile("S(\\d{3})R(\\d{2})\\.edf");

    private EegmmidbImport() {
    }

    /**
     * What to import.
     *
     * @param subjects    subject labels (three digits, {@code 001}); empty: every subject found
     * @param runs        run numbers; empty: the runs of task {@code mi} in the table
     * @param table       the run table
     * @param montage     where the channels are placed
     * @param skipMissing report a missing run as an omission instead of failing
     * @param epochStart  the recorded window's start after the cue, in seconds
     * @param epochEnd    its end
     * @param bandLow     the recorded band's lower edge, in Hz
     * @param bandHigh    its upper edge
     */
    public record Options(List<String> subjects, List<Integer> runs, RunTable table, StandardMontage montage,
            boolean skipMissing, double epochStart, double epochEnd, double bandLow, double bandHigh) {
        public Options {
            subjects = List.copyOf(subjects);
            runs = List.copyOf(runs);
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(montage, "montage");
            if (!(epochEnd > epochStart) || !Double.isFinite(epochStart) || !Double.isFinite(epochEnd)) {
                throw new IllegalArgumentException("the epoch must end after it starts, got " + epochStart + " to "
                        + epochEnd + " s");
            }
            if (!(bandLow > 0 && bandHigh > bandLow) || !Double.isFinite(bandHigh)) {
                throw new IllegalArgumentException("the band must be 0 < low < high, got " + bandLow + " to "
                        + bandHigh + " Hz");
            }
            for (int r : runs) {
                if (table.row(r).isEmpty()) {
                    throw new IllegalArgumentException("run " + r + " is not in the run table " + table.source()
                            + " (it lists runs " + table.rows().keySet() + ")");
                }
            }
        }

        /** The imagery runs of every subject found, with the standard table, the 10-05 montage and conventions. */
        public static Options defaults() {
            return new Options(List.of(), List.of(), RunTable.standard(),
                    StandardMontage.of(StandardMontage.STANDARD_1005), false, EPOCH_START, EPOCH_END, BAND_LOW,
                    BAND_HIGH);
        }

        public Options withSubjects(List<String> s) {
            return new Options(s, runs, table, montage, skipMissing, epochStart, epochEnd, bandLow, bandHigh);
        }

        public Options withRuns(List<Integer> r) {
            return new Options(subjects, r, table, montage, skipMissing, epochStart, epochEnd, bandLow, bandHigh);
        }

        public Options withTable(RunTable t) {
            return new Options(subjects, runs, t, montage, skipMissing, epochStart, epochEnd, bandLow, bandHigh);
        }

        public Options withSkipMissing(boolean skip) {
            return new Options(subjects, runs, table, montage, skip, epochStart, epochEnd, bandLow, bandHigh);
        }

        public Options withEpoch(double start, double end) {
            return new Options(subjects, runs, table, montage, skipMissing, start, end, bandLow, bandHigh);
        }

        public Options withBand(double low, double high) {
            return new Options(subjects, runs, table, montage, skipMissing, epochStart, epochEnd, low, high);
        }

        /** The runs imported: those given, or the table's {@code mi} runs. */
        public List<Integer> runsToImport() {
            if (!runs.isEmpty()) {
                return runs;
            }
            List<Integer> mi = table.runsOfTask("mi");
            if (mi.isEmpty()) {
                throw new IllegalArgumentException("the run table " + table.source() + " has no run of task mi;"
                        + " name the runs to import");
            }
            return mi;
        }
    }

    /**
     * One run imported.
     *
     * @param source the EDF file read
     * @param key    the BIDS subject, task and run it became
     * @param events trials per event name, as annotated in the file
     */
    public record ImportedRun(Path source, int run, RecordingKey key, Map<String, Integer> events) {
        public ImportedRun {
            events = java.util.Collections.unmodifiableMap(new TreeMap<>(events));
        }
    }

    /**
     * What an import did.
     *
     * @param root       the dataset written
     * @param runs       the runs imported, by subject then run
     * @param omissions  what was left out, one line each (missing runs, channels without a position)
     * @param windowing  the windowing specs recorded, by task
     */
    public record Result(Path root, List<ImportedRun> runs, List<String> omissions, Map<String, Path> windowing) {
        public Result {
            runs = List.copyOf(runs);
            omissions = List.copyOf(omissions);
            windowing = java.util.Collections.unmodifiableMap(new TreeMap<>(windowing));
        }

        /** Trials per subject, then event name, over the runs imported. */
        public Map<String, Map<String, Integer>> trialsBySubject() {
            Map<String, Map<String, Integer>> out = new TreeMap<>();
            for (ImportedRun r : runs) {
                Map<String, Integer> m = out.computeIfAbsent(r.key().subject(), s -> new TreeMap<>());
                r.events().forEach((e, n) -> m.merge(e, n, Integer::sum));
            }
            return out;
        }
    }

    /**
     * Subject label of {@code s} as BIDS writes it: {@code S001}, {@code s1}, {@code 001} and {@code 1} are all
     * {@code 001}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static String subjectLabel(String s) {
        Matcher m = Pattern.compile("[Ss]?0*(\\d{1,3})").matcher(s.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new IllegalArgumentException("a subject is S001 to S999 (or 1 to 999), got '" + s + "'");
        }
        return String.format(Locale.ROOT, "%03d", Integer.parseInt(m.group(1)));
    }

    /**
     * The subjects with at least one {@code SxxxRyy.edf} in {@code folder} or its {@code Sxxx/} sub-folders.
     *
     * @throws RecordingException naming the folder when it cannot be listed
     */
    public static List<String> subjectsIn(Path folder) {
        TreeSet<String> out = new TreeSet<>();
        for (Path p : list(folder)) {
            String name = p.getFileName().toString();
            Matcher m = FILE.matcher(name);
            if (m.matches() && Files.isRegularFile(p)) {
                out.add(m.group(1));
            } else if (name.matches("S\\d{3}") && Files.isDirectory(p)) {
                for (Path q : list(p)) {
                    Matcher mq = FILE.matcher(q.getFileName().toString());
                    if (mq.matches() && mq.group(1).equals(name.substring(1)) && Files.isRegularFile(q)) {
                        out.add(mq.group(1));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Imports {@code folder} into {@code out}, which must not exist or be an empty folder.
     *
     * @throws IllegalArgumentException when the options ask for what is not there (a subject without files, a
     *     missing run unless skipped), naming the folder and the files
     * @throws RecordingException naming the file when one cannot be read or holds an annotation the run table
     *     does not allow
     */
    public static Result run(Path folder, Path out, Options o) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder (expected the database's SxxxRyy.edf"
                    + " files, or its Sxxx/ folders)");
        }
        checkOutput(out);
        List<String> found = subjectsIn(folder);
        List<String> subjects = o.subjects().isEmpty() ? found
                : o.subjects().stream().map(EegmmidbImport::subjectLabel).distinct().toList();
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds no SxxxRyy.edf file, in itself or in an Sxxx/"
                    + " folder");
        }
        List<Integer> runs = o.runsToImport();
        List<String> omissions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Map<Integer, Path>> files = new LinkedHashMap<>();
        for (String s : subjects) {
            if (!found.contains(s)) {
                throw new IllegalArgumentException("subject S" + s + " has no file in " + folder + " (subjects"
                        + " there: " + found.stream().map(f -> "S" + f).toList() + ")");
            }
            Map<Integer, Path> byRun = new TreeMap<>();
            for (int r : runs) {
                Optional<Path> f = locate(folder, s, r);
                if (f.isPresent()) {
                    byRun.put(r, f.get());
                } else {
                    missing.add(fileName(s, r));
                }
            }
            files.put(s, byRun);
        }
        if (!missing.isEmpty()) {
            String what = missing.size() + " run file" + (missing.size() == 1 ? "" : "s") + " missing from " + folder
                    + " (looked in it and in its Sxxx/ folders): " + String.join(", ", missing);
            if (!o.skipMissing()) {
                throw new IllegalArgumentException(what + "; import other --runs or --subjects, or pass"
                        + " --skip-missing to import the rest");
            }
            missing.forEach(m -> omissions.add("run file " + m + " is missing; not imported"));
        }
        List<BidsWriter.Entry> entries = new ArrayList<>();
        List<ImportedRun> imported = new ArrayList<>();
        List<Recording> open = new ArrayList<>();
        Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".importing-"
                + ProcessHandle.current().pid());
        try {
            for (Map.Entry<String, Map<Integer, Path>> s : files.entrySet()) {
                for (Map.Entry<Integer, Path> r : s.getValue().entrySet()) {
                    RunTable.Row row = o.table().row(r.getKey()).orElseThrow();
                    Recording raw = EdfReader.open(r.getValue());
                    open.add(raw);
                    Map<String, Integer> counts = new TreeMap<>();
                    Recording rec = StandardisedRun.of(raw, r.getValue(), row, o.table(), o.montage(), counts, omissions);
                    RecordingKey key = new RecordingKey(s.getKey(), "", row.task(), row.bidsRun());
                    entries.add(new BidsWriter.Entry(key, Modality.EEG, rec, java.util.Set.of(),
                            Map.of("TaskDescription", row.description(),
                                    "InstitutionName", "Wadsworth Center, New York State Department of Health")));
                    imported.add(new ImportedRun(r.getValue(), r.getKey(), key, counts));
                }
            }
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("nothing to import from " + folder + ": every asked run is"
                        + " missing");
            }
            deleteTree(tmp);
            BidsWriter.builder().setName("PhysioNet EEG Motor Movement/Imagery Database (imported by neurofusion)")
                    .optAuthors(List.of("Gerwin Schalk", "Dennis J. McFarland", "Thilo Hinterberger",
                            "Niels Birbaumer", "Jonathan R. Wolpaw"))
                    .optPowerLineFrequency(POWER_LINE_HZ).optEegExtension(".edf").optReadme(readme(imported, o))
                    .build().write(tmp, entries, Map.of());
            Map<String, Path> windowing = writeWindowing(tmp, out, imported, o);
            moveIntoPlace(tmp, out);
            return new Result(out, imported, omissions, windowing);
        } finally {
            for (Recording r : open) {
                try {
                    r.close();
                } catch (Exception e) {
                    omissions.add("closing " + r.source().orElse(null) + " failed: " + e.getMessage());
                }
            }
            try {
                deleteTree(tmp);
            } catch (RecordingException e) {
                // best effort: an error already on its way matters more than a leftover temporary folder
                omissions.add(e.getMessage());
            }
        }
    }

    /** The conventional windowing of a task whose runs have two cue classes. */
    public static WindowingSpec windowing(String task, List<String> classes, Options o) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (String c : classes) {
            labels.put(c, labels.size());
        }
        return WindowingSpec.builder().addPart(WindowingSpec.Part.events(labels).withTasks(task))
                .addModality(Modality.EEG, o.epochEnd() - o.epochStart(), o.epochStart(), Double.NaN,
                        new Pipeline(List.of(new Filter(o.bandLow(), o.bandHigh(), "fir"))))
                .build();
    }

    private static Map<String, Path> writeWindowing(Path tmp, Path out, List<ImportedRun> imported, Options o) {
        Map<String, List<String>> classesByTask = new TreeMap<>();
        for (ImportedRun r : imported) {
            List<String> classes = o.table().row(r.run()).orElseThrow().cueClasses();
            if (!classes.isEmpty()) {
                List<String> old = classesByTask.putIfAbsent(r.key().task(), classes);
                if (old != null && !old.equals(classes)) {
                    throw new IllegalArgumentException("the run table " + o.table().source() + " gives task "
                            + r.key().task() + " the classes " + old + " in one run and " + classes + " in run "
                            + r.run());
                }
            }
        }
        Map<String, Path> written = new TreeMap<>();
        for (Map.Entry<String, List<String>> t : classesByTask.entrySet()) {
            RecordedWindowing.write(tmp, t.getKey(), windowing(t.getKey(), t.getValue(), o));
            written.put(t.getKey(), RecordedWindowing.path(out, t.getKey()));
        }
        return written;
    }

    private static String readme(List<ImportedRun> runs, Options o) {
        StringBuilder b = new StringBuilder();
        b.append("PhysioNet EEG Motor Movement/Imagery Database (EEGMMIDB), imported by neurofusion\n\n");
        b.append("64-channel EEG at 160 Hz recorded with the BCI2000 system (Schalk et al. 2004), as published on"
                + " PhysioNet (Goldberger et al. 2000) under the Open Data Commons Attribution License v1.0.\n\n");
        b.append("Cite when using these data:\n"
                + "- Schalk, G., McFarland, D.J., Hinterberger, T., Birbaumer, N., Wolpaw, J.R. BCI2000: A"
                + " General-Purpose Brain-Computer Interface (BCI) System. IEEE Transactions on Biomedical"
                + " Engineering 51(6):1034-1043, 2004.\n"
                + "- Goldberger, A., Amaral, L., Glass, L., Hausdorff, J., Ivanov, P.C., Mark, R., Mietus, J.E.,"
                + " Moody, G.B., Peng, C.K., Stanley, H.E. PhysioBank, PhysioToolkit, and PhysioNet: Components of"
                + " a new research resource for complex physiologic signals. Circulation 101(23):e215-e220, 2000.\n\n");
        b.append("Import: runs ").append(o.runsToImport()).append(" of ").append(runs.stream()
                .map(r -> r.key().subject()).distinct().count()).append(" subjects, mapped by the run table ")
                .append(o.table().source()).append(" (annotation codes ").append(o.table().codes())
                .append(" become the events in each run's events.tsv). Channels renamed to their ")
                .append(o.montage().name()).append(" names and placed by that montage in MNE-Python's head frame"
                        + " (template positions, not digitised ones).\n\n");
        b.append(String.format(Locale.ROOT, "The conventional cue-locked window (%.2f-%.2f s after the cue) and band"
                + " (%.0f-%.0f Hz) of each task with two cue classes are in %s/windowing-task-*.json.%n",
                o.epochStart(), o.epochEnd(), o.bandLow(), o.bandHigh(), RecordedWindowing.DIR));
        return b.toString();
    }

    private static Optional<Path> locate(Path folder, String subject, int run) {
        String name = fileName(subject, run);
        for (Path p : List.of(folder.resolve("S" + subject).resolve(name), folder.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String fileName(String subject, int run) {
        return String.format(Locale.ROOT, "S%sR%02d.edf", subject, run);
    }

    private static void checkOutput(Path out) {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException(out + " exists and is not a folder");
            }
            if (!list(out).isEmpty()) {
                throw new IllegalArgumentException(out + " is not empty; import into a new folder");
            }
        }
    }

    private static void moveIntoPlace(Path tmp, Path out) {
        try {
            if (Files.isDirectory(out)) {
                Files.delete(out); // checked empty before the import began
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RecordingException(out, -1, "cannot move the imported dataset into place: " + e.getMessage(),
                    e);
        }
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot list folder: " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot remove the temporary folder: " + e.getMessage(), e);
        }
    }
}
