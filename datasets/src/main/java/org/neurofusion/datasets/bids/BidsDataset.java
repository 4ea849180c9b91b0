package org.neurofusion.datasets.bids;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.neurofusion.core.Modality;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/**
 * A BIDS dataset on disk: its description, its participants, and the EEG, NIRS, MEG and fMRI data files
 * found under {@code sub-*}/[{@code ses-*}/]{@code <datatype>}/, with their entities. Opening reads the
 * dataset-level files and lists the tree; a data file's own header and metadata are read when it is opened
 * ({@link #recording}), and the modalities of one run are paired on request ({@link #pair}).
 *
 * <p>Metadata follow BIDS's inheritance principle: a sidecar higher in the tree, or naming fewer entities,
 * applies to every data file below it that it matches, unless a more specific one overrides a key.
 */
public final class BidsDataset {
    /** The datatype folders this reader looks in, and the data files it takes from each. */
    private static final Map<String, List<String>> DATA_FILES = Map.of(
            "eeg", List.of("_eeg.edf", "_eeg.bdf", "_eeg.vhdr"),
            "nirs", List.of("_nirs.snirf"),
            "meg", List.of("_meg.fif"),
            "func", List.of("_bold.nii", "_bold.nii.gz"));
    /** Per-run metadata that must sit beside a data file of the same entities. */
    private static final Set<String> PER_RUN_SUFFIXES = Set.of("eeg", "nirs", "meg", "bold", "channels", "events");

    private final Path root;
    private final Map<String, Object> description;
    private final Map<String, Map<String, String>> participants;
    private final Map<String, Object> participantsDescription;
    private final List<BidsFile> files;
    private final List<BidsProblem> structural;
    private final Inheritance inheritance;

    private BidsDataset(Path root, Map<String, Object> description, Map<String, Map<String, String>> participants,
            Map<String, Object> participantsDescription, List<BidsFile> files, List<BidsProblem> structural) {
        this.root = root;
        this.description = description;
        this.participants = participants;
        this.participantsDescription = participantsDescription;
        this.files = List.copyOf(files);
        this.structural = List.copyOf(structural);
        this.inheritance = new Inheritance(root);
    }

    /**
     * Opens a dataset: reads {@code dataset_description.json} and {@code participants.tsv}/{@code .json} and
     * lists the data files. Problems with single files are not raised here; {@link #check()} lists them.
     *
     * @throws BidsMissingFileException when {@code dataset_description.json} is missing
     * @throws MalformedBidsFileException when it, or {@code participants.tsv}, is malformed
     */
    public static BidsDataset open(Path root) {
        Path r = root.toAbsolutePath().normalize();
        Path desc = r.resolve("dataset_description.json");
        if (!Files.isDirectory(r)) {
            throw new BidsMissingFileException(r, "no such folder");
        }
        if (!Files.isRegularFile(desc)) {
            throw new BidsMissingFileException(desc, "missing: every BIDS dataset needs a dataset_description.json"
                    + " with Name and BIDSVersion at its root");
        }
        ObjectNode d = Inheritance.readObject(desc);
        for (String k : List.of("Name", "BIDSVersion")) {
            if (!d.hasNonNull(k)) {
                throw new MalformedBidsFileException(desc, "required field " + k + " is missing");
            }
        }
        Map<String, Map<String, String>> participants = new LinkedHashMap<>();
        Path ptsv = r.resolve("participants.tsv");
        if (Files.isRegularFile(ptsv)) {
            Tsv t = Tsv.read(ptsv);
            int id = t.requireColumn("participant_id");
            for (List<String> row : t.rows()) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    if (i != id) {
                        m.put(t.header().get(i), row.get(i));
                    }
                }
                participants.put(row.get(id).replaceFirst("^sub-", ""), java.util.Collections.unmodifiableMap(m));
            }
        }
        Path pjson = r.resolve("participants.json");
        Map<String, Object> pdesc = Files.isRegularFile(pjson) ? plain(Inheritance.readObject(pjson)) : Map.of();
        List<BidsFile> files = new ArrayList<>();
        List<BidsProblem> problems = new ArrayList<>();
        for (Path sub : dirs(r, "sub-")) {
            List<Path> sessions = dirs(sub, "ses-");
            List<Path> levels = new ArrayList<>(List.of(sub));
            levels.addAll(sessions);
            for (Path level : levels) {
                for (String datatype : new TreeSet<>(DATA_FILES.keySet())) {
                    Path dir = level.resolve(datatype);
                    if (Files.isDirectory(dir)) {
                        walkDatatype(dir, datatype, files, problems);
                    }
                }
                scans(level, problems);
            }
        }
        files.sort(Comparator.comparing(f -> f.path().toString()));
        return new BidsDataset(r, plain(d), participants, pdesc, files, problems);
    }

    private static void walkDatatype(Path dir, String datatype, List<BidsFile> files, List<BidsProblem> problems) {
        List<BidsFile> data = new ArrayList<>();
        List<BidsFile> meta = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            Optional<BidsFile> f = BidsFile.parse(p, datatype);
            if (f.isEmpty()) {
                continue;
            }
            if (DATA_FILES.get(datatype).stream().anyMatch(name::endsWith)) {
                data.add(f.get());
            } else if (PER_RUN_SUFFIXES.contains(f.get().suffix())) {
                meta.add(f.get());
            }
        }
        files.addAll(data);
        for (BidsFile m : meta) {
            boolean covers = data.stream().anyMatch(x -> x.isCoveredBy(m.entities())
                    && (!m.extension().equals(".json") || x.suffix().equals(m.suffix()) || !m.modality().isPresent()));
            if (!covers) {
                String stem = m.path().getFileName().toString();
                stem = stem.substring(0, stem.lastIndexOf('_'));
                problems.add(BidsProblem.of(m.path(), new BidsMissingFileException(m.path(), "describes a data file"
                        + " that does not exist: no " + stem + "_" + DATA_FILES.get(datatype).get(0).substring(1)
                        + " (or another " + datatype + " data file with these entities) in " + dir)));
            }
        }
    }

    /**
     * Checks that every file a {@code _scans.tsv} lists exists, named by a path relative to the table's folder that
     * stays inside it (BIDS: {@code eeg/sub-01_task-x_eeg.bdf}).
     */
    private static void scans(Path level, List<BidsProblem> problems) {
        for (Path p : list(level)) {
            if (!p.getFileName().toString().endsWith("_scans.tsv")) {
                continue;
            }
            try {
                Tsv t = Tsv.read(p);
                int c = t.requireColumn("filename");
                for (int i = 0; i < t.rows().size(); i++) {
                    String f = t.rows().get(i).get(c);
                    Path listed;
                    try {
                        listed = listedFile(p, level, f, i + 2);
                    } catch (MalformedBidsFileException e) {
                        problems.add(BidsProblem.of(p, e));
                        continue;
                    }
                    if (!Files.exists(listed)) {
                        problems.add(BidsProblem.of(p, new BidsMissingFileException(listed, "listed in "
                                + p + " (line " + (i + 2) + ") but missing")));
                    }
                }
            } catch (RecordingException e) {
                problems.add(BidsProblem.of(p, e));
            }
        }
    }

    /**
     * The file a scans table's row names, resolved against the table's folder.
     *
     * @throws MalformedBidsFileException naming the table and line when the name is not a path here (a NUL
     *     character, say), is absolute, or leads out of the folder
     */
    private static Path listedFile(Path table, Path level, String name, int line) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new MalformedBidsFileException(table, "line " + line + ": filename '" + printable(name)
                    + "' is not a file path (" + e.getReason() + ")", e);
        }
        Path listed = level.resolve(rel).normalize();
        if (name.isEmpty() || rel.isAbsolute() || !listed.startsWith(level.normalize())
                || listed.equals(level.normalize())) {
            throw new MalformedBidsFileException(table, "line " + line + ": filename '" + printable(name)
                    + "' must name a file inside " + level.getFileName() + "/ by a relative path");
        }
        return listed;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(120).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return s.codePointCount(0, s.length()) > 120 ? b + "..." : b.toString();
    }

    /** The dataset's folder. */
    public Path root() {
        return root;
    }

    /** {@code dataset_description.json} as plain Java values. */
    public Map<String, Object> description() {
        return description;
    }

    /** The dataset's name. */
    public String name() {
        return String.valueOf(description.get("Name"));
    }

    /** Rows of {@code participants.tsv}, by subject label (without {@code sub-}); empty when there is none. */
    public Map<String, Map<String, String>> participants() {
        return participants;
    }

    /** {@code participants.json}: what the columns of {@code participants.tsv} mean. */
    public Map<String, Object> participantsDescription() {
        return participantsDescription;
    }

    /** Every data file found, sorted by path. */
    public List<BidsFile> files() {
        return files;
    }

    /** The data files of one modality. */
    public List<BidsFile> files(Modality m) {
        return files.stream().filter(f -> f.modality().orElse(null) == m).toList();
    }

    /** Subject labels, sorted. */
    public List<String> subjects() {
        return files.stream().map(f -> f.entity("sub")).distinct().sorted().toList();
    }

    /** The runs (subject, session, task, run) that have data, sorted. */
    public List<RecordingKey> runs() {
        return files.stream().map(BidsFile::key).distinct()
                .sorted(Comparator.comparing(RecordingKey::toString)).toList();
    }

    /** The data files of one run, every modality. */
    public List<BidsFile> files(RecordingKey key) {
        return files.stream().filter(f -> f.key().equals(key)).toList();
    }

    /** The sidecar of a data file after inheritance, as plain Java values. */
    public Map<String, Object> sidecar(BidsFile f) {
        return plain(inheritance.sidecar(f).values());
    }

    /**
     * Opens a data file with its BIDS metadata laid over it.
     *
     * A BOLD run is opened as its parcel-mean time series under the atlas in {@code derivatives/neurofusion-atlas/}
     * (the subject's, else the dataset's).
     *
     * @throws BidsMissingFileException when the data file is missing, or a BOLD run has no atlas (naming the
     *     paths looked for)
     * @throws MalformedBidsFileException when a table or sidecar breaks its syntax
     * @throws BidsMismatchException when the metadata contradict the data file
     */
    public BidsRecording recording(BidsFile f) {
        return new BidsRecordingLoader(inheritance).load(f);
    }

    /**
     * The modalities of one run, paired: EEG is the reference when present, and the others' clocks are fitted
     * to it from the events both carry (see {@link BidsPairing}).
     */
    public BidsPairing.Result pairRun(RecordingKey key) {
        return new BidsPairing(this).pair(key);
    }

    /** The modalities of one run as a {@link PairedRecording}; warnings of the pairing are logged. */
    public PairedRecording pair(RecordingKey key) {
        return pairRun(key).recording();
    }

    /** Every run paired, opened one at a time as the stream is consumed; each must be closed by the caller. */
    public Stream<PairedRecording> pairs() {
        return runs().stream().map(this::pair);
    }

    /**
     * Every problem found: structural ones (metadata without data, missing files listed in scans), then those
     * raised by opening each data file and pairing each run. Reads every data file's header and metadata.
     */
    public List<BidsProblem> check() {
        return new BidsCheck(this).run(structural);
    }

    /**
     * Throws the first error {@link #check()} finds, the others attached as suppressed.
     *
     * @throws RecordingException (one of the BIDS subtypes) naming the file
     */
    public void verify() {
        RecordingException first = null;
        for (BidsProblem p : check()) {
            if (p.error().isEmpty()) {
                continue;
            }
            if (first == null) {
                first = p.error().get();
            } else {
                first.addSuppressed(p.error().get());
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static List<Path> dirs(Path dir, String prefix) {
        return list(dir).stream().filter(Files::isDirectory)
                .filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot list folder: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(ObjectNode n) {
        return java.util.Collections.unmodifiableMap(new ObjectMapper().convertValue(n, LinkedHashMap.class));
    }
}
