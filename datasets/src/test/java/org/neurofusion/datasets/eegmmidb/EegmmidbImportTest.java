package org.neurofusion.datasets.eegmmidb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SharedData;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsFile;
import org.neurofusion.modalities.eeg.EdfReader;
import org.neurofusion.modalities.eeg.EdfWriter;
import org.neurofusion.modalities.montage.StandardMontage;

class EegmmidbImportTest {
    private static final String FOLDER = "eeg/eegmmidb";

    /** The real files: every trial of every run arrives under its event name, every channel with a position. */
    @Test
    void importsTheTenSubjectsTrialForTrial(@TempDir Path tmp) throws Exception {
        Path folder = SharedData.require(FOLDER);
        Path out = tmp.resolve("bids");
        EegmmidbImport.Result r = EegmmidbImport.run(folder, out, EegmmidbImport.Options.defaults());
        assertEquals(30, r.runs().size(), "10 subjects x runs 4, 8, 12");
        assertTrue(r.omissions().isEmpty(), r.omissions().toString());
        StandardMontage montage = StandardMontage.of(StandardMontage.STANDARD_1005);
        BidsDataset ds = BidsDataset.open(out);
        assertEquals(List.of("001", "002", "003", "004", "005", "006", "007", "008", "009", "010"), ds.subjects());
        Map<String, String> codes = Map.of("T0", "rest", "T1", "left_hand", "T2", "right_hand");
        for (EegmmidbImport.ImportedRun run : r.runs()) {
            // the oracle: the annotations of the EDF file itself, mapped by hand
            Map<String, Integer> expected = new TreeMap<>();
            double[] original;
            try (Recording edf = EdfReader.open(run.source())) {
                for (Annotation a : edf.annotations()) {
                    expected.merge(codes.get(a.description()), 1, Integer::sum);
                }
                original = new double[1600];
                edf.read(edf.channelIndex("Fc5."), 0, original, 0, original.length);
            }
            assertEquals(expected, run.events(), run.source().toString());
            assertEquals("mi", run.key().task());
            int runNumber = Integer.parseInt(run.source().getFileName().toString().substring(5, 7));
            assertEquals(Integer.toString(List.of(4, 8, 12).indexOf(runNumber) + 1), run.key().run());
            BidsFile f = ds.files(run.key()).stream().filter(b -> b.datatype().equals("eeg")).findFirst()
                    .orElseThrow();
            try (Recording back = ds.recording(f)) {
                Map<String, Integer> events = new TreeMap<>();
                back.annotations().forEach(a -> events.merge(a.description(), 1, Integer::sum));
                assertEquals(expected, events, "events read back from " + f);
                List<Channel> eeg = back.channels().stream().filter(c -> c.type() == ChannelType.EEG).toList();
                assertEquals(64, eeg.size());
                for (Channel c : eeg) {
                    SensorPosition p = c.position().orElseThrow(() -> new AssertionError(c.name() + " unplaced"));
                    assertTrue(p.distanceTo(montage.position(c.name()).orElseThrow()) < 1e-9, c.name());
                }
                double[] again = new double[original.length];
                back.read(back.channelIndex("FC5"), 0, again, 0, again.length);
                double range = 0;
                for (double v : original) {
                    range = Math.max(range, Math.abs(v));
                }
                for (int i = 0; i < again.length; i++) {
                    // re-encoded in 16 bits: within a quantum of the original range
                    assertEquals(original[i], again[i], 2 * range / 32767 + 1e-9, "FC5 sample " + i);
                }
            }
        }
        assertEquals(45, r.trialsBySubject().get("001").get("left_hand") + r.trialsBySubject().get("001")
                .get("right_hand"), "S001: 15 cues in each of 3 runs");
        WindowingSpec spec = WindowingSpec.fromJson(Files.readString(r.windowing().get("mi")));
        assertEquals(Map.of("left_hand", 0, "right_hand", 1), spec.labels());
        assertEquals(0.5, spec.modalities().get(Modality.EEG).offset());
        assertEquals(2.0, spec.modalities().get(Modality.EEG).length());
        assertEquals(new org.neurofusion.modalities.signal.Pipeline(List.of(new org.neurofusion.modalities.signal
                .Filter(8, 30, "fir"))).toJson(), spec.modalities().get(Modality.EEG).pipeline().toJson());
        assertTrue(Files.readString(out.resolve(".bidsignore")).contains("neurofusion/"));
        assertTrue(Files.readString(out.resolve("README")).contains("Schalk"));
        assertTrue(Files.exists(out.resolve("sub-001/eeg/sub-001_electrodes.tsv")));
    }

    @Test
    void aMissingRunFailsNamingItOrIsReportedWhenSkipped(@TempDir Path tmp) throws Exception {
        Path folder = SharedData.require(FOLDER);
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("S001"));
        for (String f : List.of("S001R04.edf", "S001R12.edf")) {
            Files.copy(folder.resolve(f), in.resolve("S001").resolve(f));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EegmmidbImport.run(in, tmp.resolve("out"), EegmmidbImport.Options.defaults()));
        assertTrue(e.getMessage().contains("S001R08.edf"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");
        EegmmidbImport.Result r = EegmmidbImport.run(in, tmp.resolve("out"),
                EegmmidbImport.Options.defaults().withSkipMissing(true));
        assertEquals(2, r.runs().size());
        assertEquals(List.of("run file S001R08.edf is missing; not imported"), r.omissions());
        assertEquals(List.of("1", "3"), r.runs().stream().map(x -> x.key().run()).toList());
    }

    @Test
    void anAnnotationTheRunTableDoesNotAllowNamesFileCodeAndOnset(@TempDir Path tmp) {
        Path in = tmp.resolve("in");
        write(in.resolve("S002R04.edf"), List.of("Fc5.", "C3.."), List.of(new Annotation(0, 4.2, "T0"),
                new Annotation(4.2, 4.1, "T1"), new Annotation(8.3, 4.1, "T7")));
        RecordingException e = assertThrows(RecordingException.class,
                () -> EegmmidbImport.run(in, tmp.resolve("out"), EegmmidbImport.Options.defaults().withRuns(List.of(4))));
        assertTrue(e.getMessage().contains("S002R04.edf") && e.getMessage().contains("'T7' at 8.300 s")
                && e.getMessage().contains("not an annotation code"), e.getMessage());
        // a known code in a run whose row forbids it
        write(in.resolve("S002R01.edf"), List.of("Fc5."), List.of(new Annotation(0, 4.2, "T0"),
                new Annotation(4.2, 4.1, "T2")));
        RecordingException e2 = assertThrows(RecordingException.class,
                () -> EegmmidbImport.run(in, tmp.resolve("out"), EegmmidbImport.Options.defaults().withRuns(List.of(1))));
        assertTrue(e2.getMessage().contains("'T2' at 4.200 s") && e2.getMessage().contains("cannot occur in run 1"),
                e2.getMessage());
        assertTrue(!Files.exists(tmp.resolve("out")));
    }

    @Test
    void aChannelTheMontageDoesNotKnowIsImportedWithoutPositionAndReported(@TempDir Path tmp) {
        Path in = tmp.resolve("in");
        write(in.resolve("S003R08.edf"), List.of("Fc5.", "Xq9."), List.of(new Annotation(1, 4.1, "T2")));
        EegmmidbImport.Result r = EegmmidbImport.run(in, tmp.resolve("out"),
                EegmmidbImport.Options.defaults().withRuns(List.of(8)));
        assertEquals(List.of("S003R08.edf: channel 'Xq9.' is not in standard_1005; imported without a position"),
                r.omissions());
        assertEquals(Map.of("right_hand", 1), r.runs().get(0).events());
        assertEquals(new RecordingKey("003", "", "mi", "2"), r.runs().get(0).key());
        BidsDataset ds = BidsDataset.open(tmp.resolve("out"));
        BidsFile f = ds.files(r.runs().get(0).key()).get(0);
        try (Recording back = ds.recording(f)) {
            assertTrue(back.channels().get(back.channelIndex("FC5")).position().isPresent());
            assertTrue(back.channels().get(back.channelIndex("Xq9.")).position().isEmpty());
        }
    }

    @Test
    void twoLabelsOfOneSiteAreRefused(@TempDir Path tmp) {
        Path in = tmp.resolve("in");
        write(in.resolve("S004R04.edf"), List.of("Fc5.", "FC5"), List.of());
        RecordingException e = assertThrows(RecordingException.class,
                () -> EegmmidbImport.run(in, tmp.resolve("out"), EegmmidbImport.Options.defaults().withRuns(List.of(4))));
        assertTrue(e.getMessage().contains("'Fc5.' and 'FC5' are both the site FC5"), e.getMessage());
    }

    @Test
    void refusesAFullOutputFolderAnUnknownSubjectAndAnEmptyFolder(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        write(in.resolve("S005R04.edf"), List.of("Fc5."), List.of());
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        var o = EegmmidbImport.Options.defaults().withRuns(List.of(4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EegmmidbImport.run(in, full, o)).getMessage()
                .contains("is not empty"));
        assertEquals("mine", Files.readString(full.resolve("keep.txt")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EegmmidbImport.run(in, tmp.resolve("o"),
                o.withSubjects(List.of("S006")))).getMessage().contains("subject S006 has no file"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EegmmidbImport.run(empty, tmp.resolve("o"),
                o)).getMessage().contains("holds no SxxxRyy.edf"));
        assertThrows(IllegalArgumentException.class, () -> o.withRuns(List.of(15)));
        // an empty output folder is fine, and the subject label may be given any usual way
        Path emptyOut = Files.createDirectories(tmp.resolve("emptyOut"));
        assertEquals("005", EegmmidbImport.run(in, emptyOut, o.withSubjects(List.of("5"))).runs().get(0).key()
                .subject());
    }

    @Test
    void subjectLabels() {
        for (String s : List.of("S001", "s1", "001", "1", " S001 ")) {
            assertEquals("001", EegmmidbImport.subjectLabel(s));
        }
        assertEquals("109", EegmmidbImport.subjectLabel("S109"));
        for (String s : List.of("S000", "", "S1000", "sub-001", "R04")) {
            assertThrows(IllegalArgumentException.class, () -> EegmmidbImport.subjectLabel(s), s);
        }
    }

    /** A small EDF+ file in the database's layout: 64 s at 160 Hz of the given channels and annotations. */
    private static void write(Path file, List<String> labels, List<Annotation> annotations) {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("EDF+C");
        java.util.Random rnd = new java.util.Random(labels.hashCode());
        for (String l : labels) {
            double[] v = new double[160 * 64];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextGaussian() * 20e-6;
            }
            b.addChannel(new Channel(l, ChannelType.EEG, "V", 160, v.length), v);
        }
        annotations.forEach(b::addAnnotation);
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        EdfWriter.writeFile(b.build(), file);
    }
}
