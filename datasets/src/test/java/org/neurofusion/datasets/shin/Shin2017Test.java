package org.neurofusion.datasets.shin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.modalities.fnirs.OpticalChannel;
import us.hebi.matlab.mat.types.Struct;

class Shin2017Test {
    @TempDir
    Path root;

    @Test
    void listsSubjectsAndLoadsSixSessionsFromCellsAndStructArrays() throws IOException {
        ShinFixtures.write2017(root, "01", false);
        ShinFixtures.write2017(root, "02", true);
        Shin2017 ds = Shin2017.open(root);
        assertEquals(List.of("01", "02"), ds.subjects());
        for (String subject : ds.subjects()) {
            List<PairedRecording> sessions = ds.load(subject);
            assertEquals(6, sessions.size());
            for (int s = 1; s <= 6; s++) {
                PairedRecording p = sessions.get(s - 1);
                assertEquals(subject, p.key().subject());
                assertEquals(Integer.toString(s), p.key().session());
                assertEquals(s % 2 == 1 ? "mi" : "ma", p.key().task());
                checkEeg(p.recording(Modality.EEG));
                checkNirs(p.recording(Modality.FNIRS));
                checkEvents(p, s);
                p.close();
            }
        }
    }

    private static void checkEeg(Recording eeg) {
        List<Channel> cs = eeg.channels();
        assertEquals(32, cs.size());
        for (int c = 0; c < 32; c++) {
            Channel ch = cs.get(c);
            assertEquals(ShinFixtures.EEG_CLAB.get(c), ch.name());
            assertEquals(c < 30 ? ChannelType.EEG : ChannelType.EOG, ch.type());
            assertEquals("V", ch.unit());
            assertEquals(200, ch.samplingRate());
            assertEquals(ShinFixtures.EEG_SAMPLES, ch.sampleCount());
            assertEquals(c < 30, ch.position().isPresent(), ch.name());
            double[] v = eeg.readAll(c);
            for (int t : new int[] {0, 1, 399, 799}) {
                assertEquals(ShinFixtures.eeg(c, t) * 1e-6, v[t], 1e-15);
            }
        }
        // pos_3d (cos c, sin c, 0) on the unit sphere lands on the 9.5 cm head.
        assertEquals(Math.cos(5) * 0.095, cs.get(5).position().orElseThrow().x(), 1e-12);
        assertEquals(0.095, Math.hypot(cs.get(7).position().orElseThrow().x(), cs.get(7).position().orElseThrow().y()),
                1e-12);
    }

    private static void checkNirs(Recording nirs) {
        List<Channel> cs = nirs.channels();
        assertEquals(8, cs.size());
        for (int c = 0; c < 8; c++) {
            Channel ch = cs.get(c);
            int k = c % 4;
            int nm = c < 4 ? 760 : 850;
            int[] sd = ShinFixtures.SD[k];
            assertEquals("S" + sd[0] + "_D" + sd[1] + " " + nm, ch.name());
            assertEquals(ChannelType.FNIRS_CW_AMPLITUDE, ch.type());
            assertEquals(10, ch.samplingRate());
            OpticalChannel o = OpticalChannel.of(ch).orElseThrow();
            assertEquals(nm, o.wavelengthNm().getAsDouble());
            assertEquals(ShinFixtures.NIRS_LABELS.get(k), ch.attributes().get("label"));
            // Optodes at x = k/10 (+0.1 for detectors), z = 1, scaled by 0.095 m; the channel sits at the midpoint.
            double mid = ((sd[0] / 10.0) + (sd[1] / 10.0 + 0.1)) / 2 * 0.095;
            assertEquals(mid, ch.position().orElseThrow().x(), 1e-12);
            assertEquals(0.095, ch.position().orElseThrow().z(), 1e-12);
            double[] v = nirs.readAll(c);
            assertEquals(ShinFixtures.nirs(c, 7), v[7], 1e-12);
        }
    }

    private static void checkEvents(PairedRecording p, int session) {
        String[] names = session % 2 == 1 ? new String[] {"left", "right"}
                : new String[] {"mental_arithmetic", "baseline"};
        List<Annotation> ev = p.events();
        assertEquals(ShinFixtures.MARKER_MS.length, ev.size());
        for (int e = 0; e < ev.size(); e++) {
            // Sample k (1-based) at k/fs: the marker at 500 ms is sample 100, 0.495 s after the first sample.
            assertEquals(ShinFixtures.MARKER_MS[e] / 1000 - 1 / 200.0, ev.get(e).onset(), 1e-12);
            assertEquals(names[e % 2], ev.get(e).description());
            assertEquals(10, ev.get(e).duration());
        }
        assertEquals(ev, p.recording(Modality.EEG).annotations());
        Annotation first = p.recording(Modality.FNIRS).annotations().get(0);
        assertEquals(0.5 - 0.1, first.onset(), 1e-12);
        // Both devices' markers share one timeline: NIRS time maps onto EEG time 95 ms later.
        assertEquals(ev.get(0).onset(), p.clocks().get(Modality.FNIRS).toReference(first.onset()), 1e-9);
        assertEquals(0, p.clocks().get(Modality.FNIRS).drift(), 1e-9);
    }

    @Test
    void subjectNumbersAreAcceptedWithOrWithoutLeadingZero() throws IOException {
        ShinFixtures.write2017(root, "01", false);
        assertEquals("01", Shin2017.load(root, "1").get(0).key().subject());
        assertThrows(IllegalArgumentException.class, () -> Shin2017.load(root, "one"));
    }

    @Test
    void missingFieldNamesFileAndPath() throws IOException {
        ShinFixtures.write2017(root, "01", false);
        List<Struct> cnt = eegSessions();
        cnt.get(2).remove("fs");
        RecordingException e = rewriteAndLoad(cnt);
        assertTrue(e instanceof CorruptRecordingException);
        assertTrue(e.getMessage().contains("cnt.mat"), e.getMessage());
        assertTrue(e.getMessage().contains("cnt{3}: missing field 'fs'"), e.getMessage());
    }

    @Test
    void wrongDimensionsNameFoundAndExpected() throws IOException {
        ShinFixtures.write2017(root, "01", false);
        List<Struct> cnt = eegSessions();
        cnt.set(3, ShinFixtures.eegCnt(31).set("clab", ShinFixtures.cellstr(ShinFixtures.EEG_CLAB)));
        RecordingException e = rewriteAndLoad(cnt);
        assertTrue(e.getMessage().contains("cnt{4}.x: expected numeric N×32"), e.getMessage());
        assertTrue(e.getMessage().contains("found double 800×31"), e.getMessage());
    }

    @Test
    void wrongClassNamesFoundAndExpected() throws IOException {
        ShinFixtures.write2017(root, "01", false);
        List<Struct> cnt = eegSessions();
        cnt.get(0).set("clab", ShinFixtures.row(1, 2, 3));
        RecordingException e = rewriteAndLoad(cnt);
        assertTrue(e.getMessage().contains("cnt{1}.clab: expected a cell array of strings or a char matrix, found"
                + " double 1×3"), e.getMessage());
    }

    @Test
    void missingFolderAndNonMatFileAreTypedErrors() throws IOException {
        assertThrows(RecordingException.class, () -> Shin2017.open(root));
        ShinFixtures.write2017(root, "01", false);
        java.nio.file.Files.writeString(root.resolve("NIRS/subject 01/mrk.mat"), "not a mat file");
        RecordingException e = assertThrows(RecordingException.class, () -> Shin2017.load(root, "01"));
        assertTrue(e.getMessage().contains("mrk.mat"), e.getMessage());
    }

    private static List<Struct> eegSessions() {
        List<Struct> out = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            out.add(ShinFixtures.eegCnt(32));
        }
        return out;
    }

    private RecordingException rewriteAndLoad(List<Struct> cnt) throws IOException {
        Path file = root.resolve("EEG/subject 01/with occular artifact/cnt.mat");
        ShinFixtures.save(file, "cnt", ShinFixtures.sessions(cnt, false));
        RecordingException e = assertThrows(RecordingException.class, () -> Shin2017.load(root, "01"));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }
}
