package org.neurofusion.modalities.meg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SharedData;

/** {@link FifWriter}: what it writes, {@link FifReader} reads back exactly; what FIF cannot hold is refused. */
class FifWriterTest {
    @TempDir
    Path dir;

    private static Channel ch(String name, ChannelType t, String unit, SensorPosition p, Map<String, String> a) {
        return new Channel(name, t, unit, 250, 0, Optional.ofNullable(p), a);
    }

    /** 7 channels of several types, 1234 samples at 250 Hz (not a whole number of 1-s buffers). */
    private static InMemoryRecording mixed() {
        Random rnd = new Random(7);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test")
                .optStart(LocalDateTime.of(2021, 3, 4, 5, 6, 7, 123_456_000)).optHeader("line_freq", "50")
                .optHeader("highpass", "0.1").optHeader("lowpass", "40");
        Object[][] spec = {
            {"MEG 0111", ChannelType.MAG, "T", new SensorPosition(0.01, 0.02, 0.09), Map.of(
                    SensorFeatures.ORIENTATION_ATTRIBUTE, "0.6,0,0.8"), 1e-12},
            {"MEG 0112", ChannelType.GRAD, "T/m", new SensorPosition(-0.03, 0.05, 0.07), Map.of(), 1e-10},
            {"Fz", ChannelType.EEG, "V", new SensorPosition(0, 0.06, 0.08), Map.of("bad", "true"), 1e-5},
            {"EOG061", ChannelType.EOG, "V", null, Map.of(), 1e-4},
            {"STI 014", ChannelType.STIM, "AU", null, Map.of(), 0.0},
            {"a channel name longer than fifteen", ChannelType.MISC, "AU", null, Map.of(), 3.0},
            {"S1_D1 hbo", ChannelType.HBO, "mol/L", null, Map.of(), 1e-6},
        };
        for (Object[] s : spec) {
            double scale = (double) s[5];
            double[] v = new double[1234];
            for (int i = 0; i < v.length; i++) {
                v[i] = scale == 0 ? (i % 100 == 0 ? 5 : 0) : scale * rnd.nextGaussian();
            }
            @SuppressWarnings("unchecked")
            Map<String, String> attrs = (Map<String, String>) s[4];
            b.addChannel(ch((String) s[0], (ChannelType) s[1], (String) s[2], (SensorPosition) s[3], attrs), v);
        }
        b.addAnnotation(new Annotation(0.5, 0, "stim:1"));
        b.addAnnotation(new Annotation(1.25, 2.0, "BAD_muscle", "Fz"));
        b.addAnnotation(new Annotation(3.000004, 0.5, "rest"));
        return b.build();
    }

    @Test
    void writeThenReadGivesTheSameRecording() {
        Path out = dir.resolve("mixed_raw.fif");
        try (Recording in = mixed()) {
            FifWriter.writeFile(in, out);
            try (FifRecording back = FifReader.open(out)) {
                assertEquals(in.channels().size(), back.channels().size());
                for (int i = 0; i < in.channels().size(); i++) {
                    Channel a = in.channels().get(i);
                    Channel c = back.channels().get(i);
                    assertEquals(a.name(), c.name());
                    assertEquals(a.type(), c.type(), a.name());
                    assertEquals(a.unit(), c.unit(), a.name());
                    assertEquals(250.0, c.samplingRate());
                    assertEquals(1234, c.sampleCount());
                    float[] want = new float[1234];
                    float[] got = new float[1234];
                    in.read(i, 0, want, 0, 1234);
                    back.read(i, 0, got, 0, 1234);
                    assertArrayEquals(want, got, a.name()); // float32 exact
                    assertEquals(a.position().isPresent(), c.position().isPresent(), a.name());
                    a.position().ifPresent(p -> {
                        SensorPosition q = c.position().get();
                        assertEquals((float) p.x(), q.x(), 0.0, a.name());
                        assertEquals((float) p.y(), q.y(), 0.0, a.name());
                        assertEquals((float) p.z(), q.z(), 0.0, a.name());
                    });
                }
                String[] o = back.channels().get(0).attributes().get(SensorFeatures.ORIENTATION_ATTRIBUTE).split(",");
                assertEquals(0.6, Double.parseDouble(o[0]), 1e-7);
                assertEquals(0.0, Double.parseDouble(o[1]), 1e-7);
                assertEquals(0.8, Double.parseDouble(o[2]), 1e-7);
                assertEquals("head", back.channels().get(0).attributes().get("coord_frame"));
                assertEquals("3024", back.channels().get(0).attributes().get("coil_type"));
                assertEquals("3012", back.channels().get(1).attributes().get("coil_type"));
                assertEquals("true", back.channels().get(2).attributes().get("bad"));
                assertEquals(List.of("Fz"), back.measurementInfo().bads());
                assertEquals(Optional.of(LocalDateTime.of(2021, 3, 4, 5, 6, 7, 123_456_000)), back.start());
                assertEquals("50.0", back.header().get("line_freq"));
                assertEquals(0.1f, (float) Double.parseDouble(back.header().get("highpass")));
                assertEquals("40.0", back.header().get("lowpass"));
                assertEquals("FIFFT_FLOAT", back.header().get("data_type"));
                assertEquals("5", back.header().get("data_buffers")); // 4 × 250 + 234 samples
                assertEquals(in.annotations(), back.annotations());
                assertEquals("0", back.header().get("first_samp"));
            }
        }
    }

    @Test
    void aRecordingWithoutStartOrMegHasNoDateAndNoTransform() {
        Path out = dir.resolve("plain_raw.fif");
        InMemoryRecording in = InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("C3", ChannelType.EEG, "V", 100, 10), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9,
                    10}).build();
        FifWriter.writeFile(in, out);
        try (FifRecording back = FifReader.open(out)) {
            assertTrue(back.start().isEmpty());
            assertTrue(back.measurementInfo().deviceToHead().isEmpty());
            assertTrue(back.annotations().isEmpty());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, back.readAll(0));
        }
    }

    @Test
    void mixedRatesAreRefusedNamingBothChannels() {
        InMemoryRecording in = InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("EEG1", ChannelType.EEG, "V", 200, 4), new double[4])
                .addChannel(new Channel("HbO1", ChannelType.HBO, "mol/L", 10, 1), new double[1]).build();
        Path out = dir.resolve("mixed.fif");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FifWriter.writeFile(in, out));
        assertTrue(e.getMessage().contains("EEG1 at 200.0 Hz and HbO1 at 10.0 Hz"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void filesOverTwoGibibytesAreRefusedBeforeAnythingIsRead() {
        // 1000 channels × 600 000 samples × 4 bytes = 2.4 GB; reads would fail, so the refusal comes first.
        Recording huge = new org.neurofusion.core.ForwardingRecording(InMemoryRecording.builder().setFormat("t")
                .addChannel(new Channel("x", ChannelType.MISC, "AU", 1000, 1), new double[1]).build()) {
            @Override
            public List<Channel> channels() {
                return java.util.stream.IntStream.range(0, 1000).mapToObj(i -> new Channel("c" + i, ChannelType.MISC,
                        "AU", 1000, 600_000)).toList();
            }

            @Override
            public void read(int channel, long first, float[] dst, int offset, int count) {
                throw new AssertionError("read before the size check");
            }
        };
        Path out = dir.resolve("huge.fif");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FifWriter.writeFile(huge,
                out));
        assertTrue(e.getMessage().contains("at most 2147483647 bytes"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    static Stream<String> sharedRawFiles() {
        return Stream.of("meg/mne_python/io_tests_data/test_ctf_comp_raw.fif", "meg/mne_python/kit/test_bin_raw.fif",
                "meg/mne_python/bti/exported4D_linux_raw.fif", "meg/mne_testing_data/misc/test_elekta_3ch_raw.fif",
                "meg/mne_testing_data/misc/neuromag122_test_file-raw.fif",
                "meg/mne_testing_data/CTF/testdata_ctf_short_discontinuous.ds_raw.fif",
                "eeg/mne_brainvision/test_bin_raw.fif");
    }

    /** read → write → read keeps channels (kind, coil, location), positions, orientations, values and annotations. */
    @ParameterizedTest
    @MethodSource("sharedRawFiles")
    void sharedRawFilesSurviveARoundTrip(String relative) {
        Path src = SharedData.require(relative);
        Path out = dir.resolve("copy_raw.fif");
        try (FifRecording a = FifReader.open(src)) {
            FifWriter.writeFile(a, out);
            try (FifRecording b = FifReader.open(out)) {
                assertEquals(a.channels().size(), b.channels().size());
                assertEquals(a.measurementInfo().samplingRate(), b.measurementInfo().samplingRate());
                for (int i = 0; i < a.channels().size(); i++) {
                    Channel x = a.channels().get(i);
                    Channel y = b.channels().get(i);
                    assertEquals(x.name(), y.name());
                    assertEquals(x.type(), y.type(), x.name());
                    assertEquals(x.unit(), y.unit(), x.name());
                    assertEquals(x.position(), y.position(), x.name());
                    assertEquals(x.sampleCount(), y.sampleCount());
                    for (String key : new String[] {"kind", "coil_type", "loc", "mne_type",
                        SensorFeatures.ORIENTATION_ATTRIBUTE, "bad"}) {
                        assertEquals(x.attributes().get(key), y.attributes().get(key), x.name() + " " + key);
                    }
                    int n = (int) x.sampleCount();
                    float[] va = new float[n];
                    float[] vb = new float[n];
                    a.read(i, 0, va, 0, n);
                    b.read(i, 0, vb, 0, n);
                    assertArrayEquals(va, vb, x.name());
                }
                assertEquals(a.start().map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), b.start());
                assertEquals(a.annotations(), b.annotations());
            }
        }
    }
}
