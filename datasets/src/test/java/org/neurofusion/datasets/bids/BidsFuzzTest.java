package org.neurofusion.datasets.bids;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for the text files of a BIDS dataset: the data file's sidecar JSON, its {@code _channels.tsv},
 * {@code _events.tsv}, {@code _electrodes.tsv} and {@code _coordsystem.json}, {@code dataset_description.json},
 * {@code participants.tsv}, a subject's {@code _scans.tsv}, and an fNIRS run's {@code _optodes.tsv}. Each target
 * replaces (or, for the scans table, adds) one file of a small valid dataset written by {@link BidsWriter} (one EEG
 * run, BDF, 2 s at 100 Hz, three events, placed electrodes, one channel marked bad; for the optodes, one fNIRS run,
 * SNIRF, 2 s at 10 Hz, placed optodes), then opens the dataset, lists its problems, and opens every data file with
 * its metadata: channels, events, bad channels and sidecar compared over two opens, every channel read twice. Only
 * the project's typed errors naming a file may escape.
 */
class BidsFuzzTest {
    private static final String RUN = "sub-01/eeg/sub-01_task-motor_run-1_";
    private static final String SCANS = "sub-01/sub-01_scans.tsv";
    private static final Map<String, byte[]> VALID = dataset();
    private static final Map<String, byte[]> NIRS = nirsDataset();

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzSidecar(byte[] json) {
        check(RUN + "eeg.json", json);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzChannels(byte[] tsv) {
        check(RUN + "channels.tsv", tsv);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzEvents(byte[] tsv) {
        check(RUN + "events.tsv", tsv);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzElectrodes(byte[] tsv) {
        check(electrodes(), tsv);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzDescription(byte[] json) {
        check("dataset_description.json", json);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzCoordsystem(byte[] json) {
        check(named(VALID, "_coordsystem.json"), json);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzParticipants(byte[] tsv) {
        check("participants.tsv", tsv);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzScans(byte[] tsv) {
        check(SCANS, tsv);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "bids.dict")
    void fuzzOptodes(byte[] tsv) {
        check(NIRS, named(NIRS, "_optodes.tsv"), tsv);
    }

    static void check(String replaced, byte[] bytes) {
        check(VALID, replaced, bytes);
    }

    static void check(Map<String, byte[]> valid, String replaced, byte[] bytes) {
        Map<String, byte[]> files = new LinkedHashMap<>(valid);
        files.put(replaced, bytes);
        FuzzRules.files(files, replaced, FuzzRules.READER_REFUSALS, root ->
                FuzzRules.sameTwice(replaced, read(root), read(root)));
    }

    /** Opens the dataset, its problems, and every data file with its metadata (each a value or a typed refusal). */
    private static List<Object> read(Path root) {
        BidsDataset ds = FuzzRules.timed("open", () -> BidsDataset.open(root));
        List<Object> out = new ArrayList<>();
        out.add(ds.description());
        out.add(ds.participants());
        out.add(ds.runs());
        out.add(FuzzRules.timed("check", ds::check).stream().map(BidsProblem::toString).toList());
        for (BidsFile f : ds.files()) {
            out.add(FuzzRules.outcome(FuzzRules.READER_REFUSALS, () -> {
                try (BidsRecording r = FuzzRules.timed("recording", () -> ds.recording(f))) {
                    FuzzRules.exercise(r);
                    return List.of(r.channels(), r.annotations(), r.badChannels(), r.channelTable(), r.sidecar());
                }
            }));
        }
        return out;
    }

    private static String electrodes() {
        return named(VALID, "_electrodes.tsv");
    }

    private static String named(Map<String, byte[]> files, String suffix) {
        return files.keySet().stream().filter(k -> k.endsWith(suffix)).findFirst().orElseThrow();
    }

    /** A scans table listing the dataset's one data file, with an acquisition time. */
    private static byte[] scans() {
        String data = VALID.keySet().stream().filter(k -> k.endsWith("_eeg.bdf")).findFirst().orElseThrow();
        return ("filename\tacq_time\n" + data.substring("sub-01/".length()) + "\t2020-01-01T10:00:00\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One fNIRS run (SNIRF, 2 s at 10 Hz, two sources and a detector placed), written once by {@link BidsWriter}. */
    private static Map<String, byte[]> nirsDataset() {
        RecordingKey key = new RecordingKey("01", "", BidsFixture.TASK, "1");
        return FuzzRules.writtenFiles(ds -> BidsFixture.writer().write(ds, List.of(new BidsWriter.Entry(key,
                Modality.FNIRS, BidsFixture.nirs(BidsFixture.events(1), 2), Set.of(), Map.of())),
                Map.of("01", Map.of("age", "25"))));
    }

    /** The valid dataset's files by relative path, written once by {@link BidsWriter}. */
    private static Map<String, byte[]> dataset() {
        RecordingKey key = new RecordingKey("01", "", BidsFixture.TASK, "1");
        return FuzzRules.writtenFiles(ds -> BidsFixture.writer().write(ds, List.of(new BidsWriter.Entry(key,
                Modality.EEG, BidsFixture.eeg(BidsFixture.events(1), 2), Set.of("Pz"), Map.of())),
                Map.of("01", Map.of("age", "25"))));
    }

    /** The valid dataset's own files, one seed per target. */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzSidecar", "seed-eeg-sidecar", VALID.get(RUN + "eeg.json"));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzChannels", "seed-channels-one-bad",
                VALID.get(RUN + "channels.tsv"));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzEvents", "seed-three-events", VALID.get(RUN + "events.tsv"));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzElectrodes", "seed-three-electrodes", VALID.get(electrodes()));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzDescription", "seed-description",
                VALID.get("dataset_description.json"));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzCoordsystem", "seed-captrak-metres",
                VALID.get(named(VALID, "_coordsystem.json")));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzParticipants", "seed-one-subject-age",
                VALID.get("participants.tsv"));
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzScans", "seed-one-scan", scans());
        FuzzRules.writeSeed(BidsFuzzTest.class, "fuzzOptodes", "seed-two-sources-one-detector",
                NIRS.get(named(NIRS, "_optodes.tsv")));
    }
}
