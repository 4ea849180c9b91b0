package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;

/** Every SNIRF file of the shared data opens and reads; known facts (compared with MNE: {@link SnirfContractTest}). */
class SnirfSharedDataTest {
    static final String HOMER3_SHORT = "fnirs/mne_testing_data/SNIRF_SfNIRS_snirf_homer3_1.0.3/"
            + "snirf_1_3_nirx_15_2_recording_w_short.snirf";
    static final String KERNEL = "fnirs/mne_testing_data/SNIRF_Kernel_Flow50_Portal_2021_11/hb.snirf";

    static List<Path> snirfFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("fnirs"))) {
            return s.filter(p -> p.toString().endsWith(".snirf")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySnirfFileOpensAndReads() throws IOException {
        Path data = SharedData.require();
        return snirfFiles(data).stream().map(p -> DynamicTest.dynamicTest(data.relativize(p).toString(), () -> {
            try (Recording r = Recordings.open(p)) {
                assertTrue(r instanceof SnirfRecording, "opened by the SNIRF reader");
                assertFalse(r.header().isEmpty());
                for (int c = 0; c < r.channels().size(); c++) {
                    long n = r.channels().get(c).sampleCount();
                    double[] v = new double[(int) Math.min(n, 3)];
                    r.read(c, n - v.length, v, 0, v.length);
                }
            }
        }));
    }

    @Test
    void homer3ShortChannelRecordingFacts() {
        try (Recording r = SnirfReader.open(SharedData.require(HOMER3_SHORT))) {
            List<Channel> optical = r.channels().stream().filter(c -> !c.attributes().containsKey("aux")).toList();
            assertEquals(26, optical.size());
            assertEquals(ChannelType.MISC, r.channels().get(r.channelIndex("aux1")).type());
            for (Channel c : optical) {
                assertEquals(145, c.sampleCount());
                assertEquals(12.5, c.samplingRate(), 1e-9);
                assertEquals(ChannelType.FNIRS_CW_AMPLITUDE, c.type());
            }
            OpticalChannel s1 = OpticalChannel.of(r.channels().get(r.channelIndex("S1_D1 760"))).orElseThrow();
            SensorPosition p = s1.sourcePosition().orElseThrow();
            assertEquals(-0.086765, p.x(), 1e-6); // the fact is given to 0.1 mm
            assertEquals(0.000049, p.y(), 1e-6);
            assertEquals(-0.026167, p.z(), 1e-6);
            assertEquals("cm", r.header().get("LengthUnit"));
        }
    }

    @Test
    void kernelHaemoglobinFacts() {
        try (Recording r = SnirfReader.open(SharedData.require(KERNEL))) {
            assertEquals(180, r.channels().stream().filter(c -> c.type() == ChannelType.HBO).count());
            assertEquals(180, r.channels().stream().filter(c -> c.type() == ChannelType.HBR).count());
            assertEquals(360, r.channels().size());
            for (Channel c : r.channels()) {
                assertEquals(14, c.sampleCount());
                // The exact rate of the time vector; MNE 1.3's rounded spacing gives 8.2576 Hz instead.
                assertEquals(8.256495, c.samplingRate(), 1e-6);
                assertEquals("unspecified", c.attributes().get(SnirfChannels.DATA_UNIT));
            }
            assertEquals("20", r.header().get("nan_channel_count"));
            String nan = r.header().get("nan_channels");
            assertEquals(20, nan.split("; ").length);
            assertTrue(nan.contains("S4_D43 hbo (14 of 14 samples NaN)"), nan);
        }
    }
}
