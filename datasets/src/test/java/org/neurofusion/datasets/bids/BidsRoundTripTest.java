package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.modalities.fnirs.OpticalChannel;

class BidsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void writtenDatasetReadsBackWhole() {
        BidsDataset ds = BidsDataset.open(BidsFixture.write(dir));
        assertEquals("neurofusion test dataset", ds.name());
        assertEquals("1.8.0", ds.description().get("BIDSVersion"));
        assertEquals(List.of("01", "02"), ds.subjects());
        assertEquals("31", ds.participants().get("02").get("age"));
        assertEquals(8, ds.runs().size());
        assertEquals(8, ds.files(Modality.EEG).size());
        assertEquals(8, ds.files(Modality.FNIRS).size());
        assertEquals(List.of(), ds.check(), "a written dataset has no problems");

        for (BidsFile f : ds.files()) {
            int run = Integer.parseInt(f.entity("run"));
            boolean nirs = f.modality().orElseThrow() == Modality.FNIRS;
            var expected = nirs ? BidsFixture.nirs(BidsFixture.events(run), 10)
                    : BidsFixture.eeg(BidsFixture.events(run), 10);
            try (BidsRecording r = ds.recording(f)) {
                assertEquals(nirs ? ".snirf" : ".bdf", f.extension());
                assertEquals(expected.channels().size(), r.channels().size(), f.toString());
                for (int i = 0; i < expected.channels().size(); i++) {
                    Channel e = expected.channels().get(i);
                    Channel a = r.channels().get(i);
                    assertEquals(e.name(), a.name());
                    assertEquals(e.type(), a.type(), a.name());
                    assertEquals(e.unit(), a.unit());
                    assertEquals(e.unit(), r.channelTable().get(i).units());
                    assertEquals(e.samplingRate(), a.samplingRate(), 1e-9);
                    assertEquals(e.sampleCount(), a.sampleCount());
                    assertEquals(e.position().isPresent(), a.position().isPresent(), a.name());
                    e.position().ifPresent(p -> assertNear(p, a.position().orElseThrow()));
                    if (nirs) {
                        OpticalChannel eo = OpticalChannel.of(e).orElseThrow();
                        OpticalChannel ao = OpticalChannel.of(a).orElseThrow();
                        assertEquals(eo.wavelengthNm(), ao.wavelengthNm());
                        assertNear(eo.sourcePosition().orElseThrow(), ao.sourcePosition().orElseThrow());
                        assertNear(eo.detectorPosition().orElseThrow(), ao.detectorPosition().orElseThrow());
                    }
                }
                assertEvents(BidsFixture.events(run), r.annotations());
                Set<String> bad = f.entity("sub").equals("02") ? Set.of(nirs ? "S2_D1 850" : "Pz") : Set.of();
                assertEquals(bad, r.badChannels());
                assertEquals(nirs ? 10.0 : 100.0, ((Number) r.sidecar().get("SamplingFrequency")).doubleValue());
                double[] samples = r.readAll(0);
                double[] want = expected.readAll(0);
                for (int i = 0; i < want.length; i++) {
                    // BDF stores 24-bit integers; the NIRS file stores float64.
                    assertEquals(want[i], samples[i], nirs ? 0 : 1e-10);
                }
            }
        }
    }

    @Test
    void electrodePositionsInMillimetresAreConvertedToMetres() throws Exception {
        BidsFixture.write(dir);
        Path eeg = dir.resolve("sub-01/ses-1/eeg");
        Path tsv = eeg.resolve("sub-01_ses-1_electrodes.tsv");
        StringBuilder mm = new StringBuilder("name\tx\ty\tz\n");
        for (String n : List.of("Fz", "Cz", "Pz")) {
            SensorPosition p = BidsFixture.ELECTRODES.get(n);
            mm.append(n).append('\t').append(p.x() * 1000).append('\t').append(p.y() * 1000).append('\t')
                    .append(p.z() * 1000).append('\n');
        }
        Files.writeString(tsv, mm);
        Path cs = eeg.resolve("sub-01_ses-1_coordsystem.json");
        Files.writeString(cs, Files.readString(cs).replace("\"EEGCoordinateUnits\" : \"m\"",
                "\"EEGCoordinateUnits\" : \"mm\""));
        BidsDataset ds = BidsDataset.open(dir);
        BidsFile f = ds.files(new RecordingKey("01", "1", BidsFixture.TASK, "1")).get(0);
        try (BidsRecording r = ds.recording(f)) {
            for (String n : List.of("Fz", "Cz", "Pz")) {
                assertNear(BidsFixture.ELECTRODES.get(n), r.channels().get(r.channelIndex(n)).position().orElseThrow());
            }
            assertEquals(ChannelType.EOG, r.channels().get(3).type());
            assertTrue(r.channels().get(3).position().isEmpty());
        }
    }

    @Test
    void inheritedSidecarsApplyAndLowerOnesOverride() throws Exception {
        BidsFixture.write(dir);
        Files.writeString(dir.resolve("task-motor_eeg.json"), "{\"Manufacturer\": \"RootCo\", \"InstitutionName\":"
                + " \"Root\", \"PowerLineFrequency\": 60}");
        Files.writeString(dir.resolve("sub-01/sub-01_task-motor_eeg.json"), "{\"InstitutionName\": \"Sub\"}");
        BidsDataset ds = BidsDataset.open(dir);
        for (BidsFile f : ds.files(Modality.EEG)) {
            Map<String, Object> s = ds.sidecar(f);
            assertEquals("RootCo", s.get("Manufacturer"), "the root sidecar applies to " + f);
            assertEquals(f.entity("sub").equals("01") ? "Sub" : "Root", s.get("InstitutionName"), f.toString());
            assertEquals(50.0, ((Number) s.get("PowerLineFrequency")).doubleValue(), "the run's sidecar overrides");
        }
        for (BidsFile f : ds.files(Modality.FNIRS)) {
            assertTrue(!ds.sidecar(f).containsKey("Manufacturer"), "an _eeg.json does not apply to NIRS");
        }
    }

    static void assertNear(SensorPosition e, SensorPosition a) {
        assertEquals(e.x(), a.x(), 1e-9);
        assertEquals(e.y(), a.y(), 1e-9);
        assertEquals(e.z(), a.z(), 1e-9);
    }

    static void assertEvents(List<Annotation> e, List<Annotation> a) {
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).onset(), a.get(i).onset(), 1e-12);
            assertEquals(e.get(i).duration(), a.get(i).duration(), 1e-12);
            assertEquals(e.get(i).description(), a.get(i).description());
        }
    }
}
