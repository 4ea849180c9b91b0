package org.neurofusion.datasets.bids;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.modalities.eeg.EdfWriter;
import org.neurofusion.modalities.fnirs.SnirfWriter;
import org.neurofusion.modalities.meg.FifWriter;

/**
 * Writes recordings as a BIDS dataset: {@code dataset_description.json}, {@code README},
 * {@code participants.tsv}/{@code .json}, and per recording its data file (EEG as BDF or EDF, fNIRS as SNIRF, MEG
 * as raw FIF), sidecar JSON with the required fields, {@code _channels.tsv} (bad channels marked), {@code _events.tsv}
 * from its annotations, and, when channels have positions, {@code _electrodes.tsv} or {@code _optodes.tsv}
 * with {@code _coordsystem.json} (positions in metres, CapTrak head frame, one table per subject and session). MEG
 * sensor positions and orientations live in the FIF file itself; its folder gets a {@code _coordsystem.json} naming
 * the Neuromag head frame. BOLD images are written by {@link BidsImageWriter}.
 * Every file is written atomically; a dataset is written whole or fails naming the file.
 */
public final class BidsWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final String bidsVersion;
    private final List<String> authors;
    private final double powerLineFrequency;
    private final String eegReference;
    private final String eegExtension;
    private final String readme;

    private BidsWriter(Builder b) {
        this.name = Objects.requireNonNull(b.name, "setName is required");
        this.bidsVersion = b.bidsVersion;
        this.authors = List.copyOf(b.authors);
        this.powerLineFrequency = b.powerLineFrequency;
        this.eegReference = b.eegReference;
        this.eegExtension = b.eegExtension;
        this.readme = b.readme;
    }

    /** A builder; {@code setName} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One recording to write.
     *
     * @param key subject, session (may be empty), task (required) and run (empty or an index)
     * @param modality EEG, FNIRS or MEG
     * @param badChannels names of channels to mark {@code bad} in {@code _channels.tsv}
     * @param sidecar further sidecar fields (they override the ones written by default)
     */
    public record Entry(RecordingKey key, Modality modality, Recording recording, Set<String> badChannels,
            Map<String, Object> sidecar) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(modality, "modality");
            Objects.requireNonNull(recording, "recording");
            badChannels = Set.copyOf(badChannels);
            sidecar = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sidecar));
            if (modality == Modality.FMRI) {
                throw new IllegalArgumentException(key + ": BOLD images are written by BidsImageWriter, not as a "
                        + "recording");
            }
            if (modality != Modality.EEG && modality != Modality.FNIRS && modality != Modality.MEG) {
                throw new IllegalArgumentException(key + ": only EEG, fNIRS and MEG can be written, not " + modality);
            }
            checkLabels(key);
            for (String b : badChannels) {
                recording.channelIndex(b);
            }
        }

        /** An entry without bad channels or extra sidecar fields. */
        public Entry(RecordingKey key, Modality modality, Recording recording) {
            this(key, modality, recording, Set.of(), Map.of());
        }
    }

    /**
     * Writes the dataset under {@code root} (created when absent; existing files of the same names are
     * replaced).
     *
     * @param participants columns of {@code participants.tsv} by subject label (without {@code sub-}); subjects
     *     of the entries missing here get a row of {@code n/a}
     * @throws IllegalArgumentException when two recordings would write the same file, or one session's
     *     recordings disagree on a sensor's position
     * @throws RecordingException naming the file when one cannot be written
     */
    public void write(Path root, List<Entry> entries, Map<String, Map<String, String>> participants) {
        createDirectories(root);
        writeJson(root.resolve("dataset_description.json"), description());
        writeText(root.resolve("README"), readme);
        writeParticipants(root, entries, participants);
        Set<Path> written = new java.util.HashSet<>();
        Map<Path, Map<String, SensorPosition>> positions = new LinkedHashMap<>();
        Set<Path> megCoordinates = new LinkedHashSet<>();
        for (Entry e : entries) {
            boolean nirs = e.modality() == Modality.FNIRS;
            boolean meg = e.modality() == Modality.MEG;
            String datatype = nirs ? "nirs" : meg ? "meg" : "eeg";
            RecordingKey k = e.key();
            Path dir = root.resolve("sub-" + k.subject());
            if (!k.session().isEmpty()) {
                dir = dir.resolve("ses-" + k.session());
            }
            dir = dir.resolve(datatype);
            createDirectories(dir);
            String prefix = k.toString();
            Path data = dir.resolve(prefix + "_" + datatype + (nirs ? ".snirf" : meg ? ".fif" : eegExtension));
            if (!written.add(data)) {
                throw new IllegalArgumentException(data + " would be written twice: two entries share " + k);
            }
            if (nirs) {
                SnirfWriter.write(e.recording(), data);
            } else if (meg) {
                FifWriter.writeFile(e.recording(), data);
            } else {
                EdfWriter.writeFile(e.recording(), data);
            }
            writeJson(dir.resolve(prefix + "_" + datatype + ".json"), sidecar(e));
            BidsTables.channels(dir.resolve(prefix + "_channels.tsv"), e.recording(), e.modality(), e.badChannels());
            BidsTables.events(dir.resolve(prefix + "_events.tsv"), e.recording().annotations());
            String sessionPrefix = "sub-" + k.subject() + (k.session().isEmpty() ? "" : "_ses-" + k.session());
            if (meg) {
                megCoordinates.add(dir.resolve(sessionPrefix + "_coordsystem.json"));
                continue;
            }
            Map<String, SensorPosition> pos = nirs ? BidsTables.optodes(e.recording())
                    : BidsTables.electrodes(e.recording());
            if (!pos.isEmpty()) {
                Path table = dir.resolve(sessionPrefix + (nirs ? "_optodes.tsv" : "_electrodes.tsv"));
                mergePositions(positions.computeIfAbsent(table, t -> new LinkedHashMap<>()), pos, table);
            }
        }
        for (Map.Entry<Path, Map<String, SensorPosition>> t : positions.entrySet()) {
            boolean nirs = t.getKey().getFileName().toString().endsWith("_optodes.tsv");
            BidsTables.positions(t.getKey(), t.getValue(), nirs);
            String cs = t.getKey().getFileName().toString().replaceFirst("_(optodes|electrodes)\\.tsv$",
                    "_coordsystem.json");
            String kind = nirs ? "NIRS" : "EEG";
            Map<String, Object> c = new LinkedHashMap<>();
            c.put(kind + "CoordinateSystem", "CapTrak");
            c.put(kind + "CoordinateUnits", "m");
            c.put(kind + "CoordinateSystemDescription", "Head frame: x towards the right preauricular point,"
                    + " y towards the nasion, z up (as MNE-Python's head frame)");
            writeJson(t.getKey().resolveSibling(cs), c);
        }
        for (Path cs : megCoordinates) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("MEGCoordinateSystem", "ElektaNeuromag");
            c.put("MEGCoordinateUnits", "m");
            c.put("MEGCoordinateSystemDescription", "Neuromag head frame: origin midway between the preauricular"
                    + " points, x towards the right one, y towards the nasion, z up; sensor positions and orientations"
                    + " are in the FIF file (device frame, with its device-to-head transformation)");
            writeJson(cs, c);
        }
    }

    private static void mergePositions(Map<String, SensorPosition> into, Map<String, SensorPosition> add, Path table) {
        for (Map.Entry<String, SensorPosition> p : add.entrySet()) {
            SensorPosition old = into.putIfAbsent(p.getKey(), p.getValue());
            if (old != null && old.distanceTo(p.getValue()) > 1e-12) {
                throw new IllegalArgumentException(table + ": recordings of one session place " + p.getKey()
                        + " at " + old + " and at " + p.getValue() + "; BIDS keeps one position per session");
            }
        }
    }

    private Map<String, Object> description() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Name", name);
        d.put("BIDSVersion", bidsVersion);
        d.put("DatasetType", "raw");
        if (!authors.isEmpty()) {
            d.put("Authors", authors);
        }
        d.put("GeneratedBy", List.of(Map.of("Name", "neurofusion")));
        return d;
    }

    private Map<String, Object> sidecar(Entry e) {
        Recording r = e.recording();
        Modality m = e.modality();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("TaskName", e.key().task());
        List<Channel> main = r.channels().stream().filter(c -> c.type().modality() == m).toList();
        if (main.isEmpty()) {
            throw new IllegalArgumentException(e.key() + ": the recording has no " + m + " channels");
        }
        s.put("SamplingFrequency", main.get(0).samplingRate());
        s.put("PowerLineFrequency", powerLineFrequency);
        s.put("SoftwareFilters", "n/a");
        s.put("RecordingDuration", r.durationSeconds());
        s.put("RecordingType", "continuous");
        Map<ChannelType, Integer> counts = new HashMap<>();
        r.channels().forEach(c -> counts.merge(c.type(), 1, Integer::sum));
        if (m == Modality.MEG) {
            s.put("DewarPosition", "upright");
            s.put("DigitizedLandmarks", false);
            s.put("DigitizedHeadPoints", false);
            s.put("MEGChannelCount", counts.getOrDefault(ChannelType.MAG, 0) + counts.getOrDefault(ChannelType.GRAD, 0));
            s.put("MEGREFChannelCount", counts.getOrDefault(ChannelType.REF_MEG, 0));
            s.put("EEGChannelCount", counts.getOrDefault(ChannelType.EEG, 0));
            s.put("EOGChannelCount", counts.getOrDefault(ChannelType.EOG, 0));
            s.put("ECGChannelCount", counts.getOrDefault(ChannelType.ECG, 0));
            s.put("EMGChannelCount", counts.getOrDefault(ChannelType.EMG, 0));
            s.put("TriggerChannelCount", counts.getOrDefault(ChannelType.STIM, 0));
        } else if (m == Modality.EEG) {
            s.put("EEGReference", eegReference);
            s.put("EEGChannelCount", counts.getOrDefault(ChannelType.EEG, 0));
            s.put("EOGChannelCount", counts.getOrDefault(ChannelType.EOG, 0));
            s.put("ECGChannelCount", counts.getOrDefault(ChannelType.ECG, 0));
            s.put("EMGChannelCount", counts.getOrDefault(ChannelType.EMG, 0));
            s.put("TriggerChannelCount", counts.getOrDefault(ChannelType.STIM, 0));
        } else {
            Set<Integer> sources = new LinkedHashSet<>();
            Set<Integer> detectors = new LinkedHashSet<>();
            for (Channel c : main) {
                org.neurofusion.modalities.fnirs.OpticalChannel.of(c).ifPresent(o -> {
                    sources.add(o.source());
                    detectors.add(o.detector());
                });
            }
            s.put("NIRSChannelCount", main.size());
            s.put("NIRSSourceOptodeCount", sources.size());
            s.put("NIRSDetectorOptodeCount", detectors.size());
        }
        s.putAll(e.sidecar());
        return s;
    }

    private static void writeParticipants(Path root, List<Entry> entries, Map<String, Map<String, String>> given) {
        Map<String, Map<String, String>> rows = new TreeMap<>(given);
        entries.forEach(e -> rows.putIfAbsent(e.key().subject(), Map.of()));
        List<String> columns = new ArrayList<>();
        // participant_id is the row's key, written first; a map that repeats it must not add a second column.
        rows.values().forEach(m -> m.keySet().stream().filter(c -> !columns.contains(c) && !c.equals("participant_id"))
                .forEach(columns::add));
        List<String> header = new ArrayList<>(List.of("participant_id"));
        header.addAll(columns);
        List<List<String>> out = new ArrayList<>();
        rows.forEach((sub, m) -> {
            List<String> row = new ArrayList<>(List.of("sub-" + sub));
            columns.forEach(c -> row.add(m.get(c)));
            out.add(row);
        });
        Tsv.write(root.resolve("participants.tsv"), header, out);
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("participant_id", Map.of("Description", "Unique participant label"));
        for (String c : columns) {
            desc.put(c, Map.of("Description", switch (c) {
                case "age" -> "Age of the participant in years";
                case "sex" -> "Sex of the participant as reported";
                case "handedness" -> "Handedness of the participant as reported";
                default -> c + ", as given when the dataset was written";
            }));
        }
        writeJson(root.resolve("participants.json"), desc);
    }

    /**
     * The labels of a run key as BIDS allows them (shared with the image writer).
     *
     * @throws IllegalArgumentException naming the key and the label: a task that is empty or not alphanumeric, a run
     *     that is not an index, a subject or session that is not alphanumeric
     */
    static void checkLabels(RecordingKey key) {
        if (key.task().isEmpty() || !key.task().matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException(key + ": BIDS needs an alphanumeric task label, got '" + key.task()
                    + "'");
        }
        if (!key.run().isEmpty() && !key.run().matches("[0-9]+")) {
            throw new IllegalArgumentException(key + ": a BIDS run label is an index, got '" + key.run() + "'");
        }
        for (String l : List.of(key.subject(), key.session())) {
            if (!l.isEmpty() && !l.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException(key + ": labels must be alphanumeric, got '" + l + "'");
            }
        }
    }

    /** {@code value} as indented JSON with a final newline, written atomically (shared with the image writer). */
    static void writeJson(Path out, Object value) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new RecordingException(out, -1, "cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        AtomicFiles.write(out, os -> {
            os.write(bytes);
            os.write('\n');
        });
    }

    private static void writeText(Path out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, os -> os.write(bytes));
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot create folder: " + e.getMessage(), e);
        }
    }

    /** Builds a {@link BidsWriter}. */
    public static final class Builder {
        private String name;
        private String bidsVersion = "1.8.0";
        private final List<String> authors = new ArrayList<>();
        private double powerLineFrequency = 50;
        private String eegReference = "n/a";
        private String eegExtension = ".bdf";
        private String readme;

        private Builder() {
        }

        /** The dataset's name (required). */
        public Builder setName(String n) {
            this.name = Objects.requireNonNull(n);
            if (readme == null) {
                readme = n + "\n\nWritten by neurofusion.\n";
            }
            return this;
        }

        /** The BIDS version declared; 1.8.0 by default (the first with NIRS). */
        public Builder optBidsVersion(String v) {
            this.bidsVersion = Objects.requireNonNull(v);
            return this;
        }

        public Builder optAuthors(List<String> a) {
            authors.clear();
            authors.addAll(a);
            return this;
        }

        /** Mains frequency in Hz (50 in Europe, 60 in the Americas); 50 by default. */
        public Builder optPowerLineFrequency(double hz) {
            if (!(hz > 0)) {
                throw new IllegalArgumentException("power line frequency must be positive, got " + hz);
            }
            this.powerLineFrequency = hz;
            return this;
        }

        /** EEGReference, e.g. {@code Cz} or {@code average}; {@code n/a} by default. */
        public Builder optEegReference(String r) {
            this.eegReference = Objects.requireNonNull(r);
            return this;
        }

        /** {@code .bdf} (24-bit, the default) or {@code .edf} (16-bit). */
        public Builder optEegExtension(String ext) {
            if (!ext.equals(".bdf") && !ext.equals(".edf")) {
                throw new IllegalArgumentException("EEG is written as .bdf or .edf, not " + ext);
            }
            this.eegExtension = ext;
            return this;
        }

        /** The README's text; by default the name and a line saying who wrote it. */
        public Builder optReadme(String text) {
            this.readme = Objects.requireNonNull(text);
            return this;
        }

        public BidsWriter build() {
            return new BidsWriter(this);
        }
    }
}
