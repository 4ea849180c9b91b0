package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.Recordings;

/** Known facts of the shared NIRx folders (the comparison with MNE-Python 1.3: {@link NirxContractTest}). */
class NirxSharedDataTest {
    static final String SCOUT = "fnirs/mne_testing_data/NIRx/nirscout/";
    static final String SPORT2 = "fnirs/mne_testing_data/NIRx/nirsport_v2/";
    static final String FINEMI = "fnirs/finemi_hybrid_study_fnirs_only/subject1_block6";

    /**
     * MNE 1.3 cannot read this recording's Chinese-locale date ({@code 2021年8月18日}) and falls back to
     * 2000-01-01 (the contract compares the rest); our start is the one the header states.
     */
    @Test
    void fineMiStartsWhenItsHeaderSays() {
        Path data = SharedData.require();
        ExpectedRecording expected = ExpectedRecording.load(data, FINEMI);
        assertEquals("2000-01-01T00:00:00+00:00", expected.json().get("meas_date").asText());
        try (Recording r = NirxReader.open(data.resolve(FINEMI))) {
            assertEquals(Optional.of(LocalDateTime.of(2021, 8, 18, 17, 3, 42, 279_000_000)), r.start());
        }
    }

    /** The data README: the Homer3 SNIRF export of nirx_15_2_recording_w_short holds the same data and onsets. */
    @Test
    void agreesWithTheSnirfExportOfTheSameRecording() {
        Path data = SharedData.require();
        JsonNode snirf = ExpectedRecording.load(data,
                "fnirs/mne_testing_data/SNIRF_SfNIRS_snirf_homer3_1.0.3/snirf_1_3_nirx_15_2_recording_w_short.snirf")
                .json();
        try (Recording r = NirxReader.open(data.resolve(SCOUT + "nirx_15_2_recording_w_short"))) {
            assertEquals(snirf.get("channels").size(), r.channels().size());
            for (JsonNode c : snirf.get("channels")) {
                double[] v = r.readAll(r.channelIndex(c.get("name").asText()));
                for (int k = 0; k < 5; k++) {
                    assertEquals(c.get("first5").get(k).asDouble(), v[k], 1e-12, c.get("name").asText());
                }
                double mean = Stream.of(v).flatMapToDouble(java.util.Arrays::stream).average().orElseThrow();
                assertEquals(c.get("mean").asDouble(), mean, 1e-9 * Math.abs(mean), c.get("name").asText());
            }
            List<Annotation> a = r.annotations();
            assertEquals(snirf.get("annotations").size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(snirf.get("annotations").get(i).get("onset").asDouble(), a.get(i).onset(), 1e-9);
            }
        }
    }

    @Test
    void shortChannelsAndHeaderFields() {
        Path folder = SharedData.require(SCOUT + "nirx_15_2_recording_w_short");
        try (Recording r = NirxReader.open(folder)) {
            Channel longCh = r.channels().get(r.channelIndex("S1_D1 760"));
            Channel shortCh = r.channels().get(r.channelIndex("S1_D9 850"));
            assertEquals("false", longCh.attributes().get("short"));
            assertEquals("true", shortCh.attributes().get("short"));
            assertEquals("850", shortCh.attributes().get(OpticalChannel.WAVELENGTH));
            assertTrue(OpticalChannel.of(shortCh).orElseThrow().distanceMeters().getAsDouble() < 0.01);
            Map<String, String> h = r.header();
            assertEquals("NIRStar 15.2", h.get("Software"));
            assertEquals("NIRScout 16x24", h.get("Device"));
            assertEquals("5", h.get("Sources"));
            assertEquals("16", h.get("Detectors"));
            assertEquals("760 850", h.get("Wavelengths"));
            assertEquals("9 10 11 12 13 14 15 16", h.get("Short detectors"));
            assertEquals("MNE Test Recording", h.get("Subject"));
            assertEquals("145", h.get("Samples (config)"));
            assertEquals("NIRx/NIRStar", r.format());
        }
        Path aurora = SharedData.require(SPORT2 + "aurora_recording_w_short_and_acc");
        try (Recording r = NirxReader.open(aurora)) {
            assertEquals("NIRx/Aurora", r.format());
            assertEquals("MNETEST Rob", r.header().get("Subject"));
            assertEquals("Aurora 2021.4.0-34-ge9fdbbc8", r.header().get("Software"));
            assertEquals(LocalDateTime.of(2021, 5, 5, 8, 6, 4, 746_276_000), r.start().orElseThrow());
        }
    }

    @Test
    void recordingsOpenFindsTheFolderAndItsHeader() throws Exception {
        Path folder = SharedData.require(SCOUT + "nirx_15_0_recording");
        Path hdr;
        try (Stream<Path> s = Files.list(folder)) {
            hdr = s.filter(p -> p.toString().endsWith(".hdr")).findFirst().orElseThrow();
        }
        for (Path p : List.of(folder, hdr)) {
            try (Recording r = Recordings.open(p)) {
                assertInstanceOf(NirxRecording.class, r, p.toString());
                assertEquals(20, r.channels().size());
                assertEquals(folder, r.source().orElseThrow().toAbsolutePath());
            }
        }
        Path aurora = SharedData.require(SPORT2 + "aurora_2021_9");
        try (Recording r = Recordings.open(aurora)) {
            assertEquals(44, r.channels().size());
        }
    }
}
