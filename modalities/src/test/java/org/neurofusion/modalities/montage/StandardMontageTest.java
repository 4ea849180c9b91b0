package org.neurofusion.modalities.montage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SharedData;

/** The standard montages against MNE-Python 1.3.0's placement of the eegmmidb labels, and their lookup rules. */
class StandardMontageTest {
    private static final double TOLERANCE_M = 1e-6;
    private final StandardMontage m1005 = StandardMontage.of(StandardMontage.STANDARD_1005);
    private final StandardMontage m1020 = StandardMontage.of(StandardMontage.STANDARD_1020);

    @Test
    void everyEegmmidbLabelGetsMnesNameAndPosition() throws IOException {
        JsonNode oracle = new ObjectMapper().readTree(SharedData.require("expected/eegmmidb_montage.json").toFile());
        List<String> labels = new ArrayList<>();
        oracle.get("channels").forEach(c -> labels.add(c.get("file_label").asText()));
        assertEquals(64, labels.size());
        MontagePlacement placement = m1005.place(labels);
        assertTrue(placement.complete(), "unplaced: " + placement.unplaced());
        for (JsonNode c : oracle.get("channels")) {
            String label = c.get("file_label").asText();
            MontagePlacement.Electrode e = placement.placed().get(label);
            assertEquals(c.get("standard_name").asText(), e.standardName(), label);
            JsonNode p = c.get("position_m");
            assertEquals(p.get(0).asDouble(), e.position().x(), TOLERANCE_M, label + " x");
            assertEquals(p.get(1).asDouble(), e.position().y(), TOLERANCE_M, label + " y");
            assertEquals(p.get(2).asDouble(), e.position().z(), TOLERANCE_M, label + " z");
        }
    }

    @Test
    void headFrameIsTheFiducialFrame() {
        // MNE's head frame: LPA and RPA on the x axis, the nasion on the y axis.
        Map<String, SensorPosition> f = m1005.fiducials();
        assertEquals(0, f.get("LPA").y(), 1e-12);
        assertEquals(0, f.get("LPA").z(), 1e-12);
        assertEquals(0, f.get("RPA").y(), 1e-12);
        assertEquals(0, f.get("Nasion").x(), 1e-12);
        assertEquals(0, f.get("Nasion").z(), 1e-12);
        assertTrue(f.get("LPA").x() < 0 && f.get("RPA").x() > 0 && f.get("Nasion").y() > 0);
        assertEquals(f, m1020.fiducials());
        assertEquals(343, m1005.electrodeNames().size());
        assertEquals(94, m1020.electrodeNames().size());
    }

    @Test
    void labelsAreNormalised() {
        assertEquals(Optional.of("FC5"), m1005.standardName("Fc5."));
        assertEquals(Optional.of("Cz"), m1005.standardName("Cz.."));
        assertEquals(Optional.of("Cz"), m1005.standardName(" cz "));
        assertEquals(Optional.of("AFz"), m1005.standardName("AFZ"));
        assertEquals(m1005.position("FC5"), m1005.position("fc5..."));
        assertTrue(m1005.standardName("...").isEmpty());
    }

    @Test
    void oldAndNewTemporalNamesAreAliases() {
        // Only the new names: the alias must be what places an old name.
        StandardMontage onlyNew = StandardMontage.fromTable("test", MontageTable.parse(fiducials()
                + "electrode\tT7\t-0.08\t0.01\t0.03\nelectrode\tP8\t0.07\t-0.04\t0.04\n", "test table"));
        assertEquals(Optional.of("T7"), onlyNew.standardName("T3"));
        assertEquals(Optional.of("P8"), onlyNew.standardName("t6."));
        assertTrue(onlyNew.standardName("T4").isEmpty());
        StandardMontage onlyOld = StandardMontage.fromTable("test", MontageTable.parse(fiducials()
                + "electrode\tT4\t0.08\t0.01\t0.03\nelectrode\tT5\t-0.07\t-0.04\t0.04\n", "test table"));
        assertEquals(Optional.of("T4"), onlyOld.standardName("T8"));
        assertEquals(Optional.of("T5"), onlyOld.standardName("P7"));
        // A montage holding both spellings answers with the one asked for.
        assertEquals(Optional.of("T3"), m1005.standardName("T3"));
        assertEquals(m1005.position("T3"), m1005.position("T7"));
    }

    @Test
    void unknownLabelsAreReportedInOrder() {
        MontagePlacement p = m1005.place(List.of("Fp1.", "EKG", "Cz", "Status", "EKG"));
        assertEquals(List.of("Fp1.", "Cz"), List.copyOf(p.placed().keySet()));
        assertEquals(List.of("EKG", "Status"), p.unplaced());
        assertFalse(p.complete());
        // MNE does not place the .elc's fiducial rows as channels, nor do we.
        assertEquals(List.of("Nz", "LPA"), m1005.place(List.of("Nz", "LPA")).unplaced());
    }

    @Test
    void tenTwentyIsTenFiveSubsetWithEqualPositions() {
        for (String n : m1020.electrodeNames()) {
            // O9 and O10 of the 10-20 file sit where the 10-05 file puts I1 and I2.
            String in1005 = n.equals("O9") ? "I1" : n.equals("O10") ? "I2" : n;
            assertEquals(Optional.of(in1005), m1005.standardName(in1005), n);
            assertEquals(m1005.position(in1005), m1020.position(n), n);
        }
        assertTrue(m1005.standardName("O9").isEmpty());
    }

    @Test
    void applyingGivesPositionsAndKeepsTheFilesUnlessAsked() {
        SensorPosition own = new SensorPosition(0.01, 0.02, 0.03);
        InMemoryRecording rec = InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("Fc5.", ChannelType.EEG, "V", 100, 2), new double[2])
                .addChannel(new Channel("Cz..", ChannelType.EEG, "V", 100, 2).withPosition(own), new double[2])
                .addChannel(new Channel("X1", ChannelType.EEG, "V", 100, 2), new double[2])
                .addChannel(new Channel("T3", ChannelType.EOG, "V", 100, 2), new double[] {1, 2})
                .build();
        StandardMontage.Applied kept = m1005.applyTo(rec, false);
        List<Channel> cs = kept.recording().channels();
        assertEquals(m1005.position("FC5"), cs.get(0).position());
        assertEquals(Optional.of(own), cs.get(1).position());
        assertTrue(cs.get(2).position().isEmpty());
        assertTrue(cs.get(3).position().isEmpty(), "an EOG channel is not an electrode of the montage");
        assertEquals(List.of("X1"), kept.unplaced());
        assertEquals(2.0, kept.recording().readAll(3)[1]);
        assertEquals("Fc5.", cs.get(0).name());

        Recording replaced = m1005.applyTo(rec, true).recording();
        assertEquals(m1005.position("Cz"), replaced.channels().get(1).position());
    }

    @Test
    void montagesAreLoadedOnceAndUnknownNamesRefused() {
        assertSame(m1005, StandardMontage.of("standard_1005"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StandardMontage.of("biosemi64"));
        assertTrue(e.getMessage().contains("biosemi64"), e.getMessage());
    }

    @Test
    void malformedTablesNameTheLineAndTheProblem() {
        assertBad(fiducials() + "electrode\tCz\t0.0\t0.1\n", 4, "expected 5 tab-separated fields");
        assertBad(fiducials() + "# comment\nelectrode\tCz\t0.0\tabc\t0.1\n", 5, "not a number: 'abc'");
        assertBad(fiducials() + "electrode\tCz\t0.0\t95.2\t0.1\n", 4, "metres expected");
        assertBad(fiducials() + "electrode\tCz\t0\t0\t0.1\nelectrode\tCZ\t0\t0\t0.1\n", 5, "repeats line 4");
        assertBad(fiducials() + "sensor\tCz\t0\t0\t0.1\n", 4, "unknown kind 'sensor'");
        assertBad(fiducials() + "electrode\t \t0\t0\t0.1\n", 4, "empty name");
        // the campaign's finding (2026-12-06): a name with a trailing dot was kept, and no label could reach it
        assertBad(fiducials() + "electrode\tCz\t0\t0\t0.1\nelectrode\tAF.\t0\t0.1\t0.07\n", 5, "name 'AF.' ends in '.'");
        assertBad(fiducials() + "electrode\t..\t0\t0\t0.1\n", 4, "name '..' ends in '.'");
        assertBad("fiducial\tLPA\t-0.08\t0\t0\nelectrode\tCz\t0\t0\t0.1\n", 0, "missing fiducial(s) [Nasion, RPA]");
        assertBad(fiducials(), 0, "no electrodes");
    }

    private static void assertBad(String text, int line, String problem) {
        MontageFormatException e = assertThrows(MontageFormatException.class, () -> MontageTable.parse(text, "bad.tsv"));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals("bad.tsv", e.source());
        assertTrue(e.getMessage().startsWith("bad.tsv"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static String fiducials() {
        return "fiducial\tLPA\t-0.08\t0\t0\nfiducial\tNasion\t0\t0.11\t0\nfiducial\tRPA\t0.08\t0\t0\n";
    }
}
