package org.neurofusion.modalities.meg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Segment;

/** {@code segments()} gives offsets, onsets and durations in seconds (samples / sfreq), with and without skips. */
class FifSegmentsTest {
    @TempDir
    Path dir;

    @Test
    void segmentsBetweenTwoSkipsAreInSeconds() {
        FifFixture f = new FifFixture();
        f.sfreq = 200;
        f.bufferSamples = new int[] {40, 40, 30, 25, 20};
        f.skipsBefore.put(2, 1); // 1 × 30 zero samples: 80..110
        f.skipsBefore.put(3, 2); // 2 × 25 zero samples: 140..190
        try (FifRecording r = FifReader.open(f.write(dir, "two_skips_raw.fif"))) {
            assertEquals(235, r.channels().get(0).sampleCount());
            // samples 0..80, 110..140 and 190..235 at 200 Hz
            assertEquals(List.of(new Segment(0, 0, 0.4), new Segment(0.55, 0.55, 0.15),
                    new Segment(0.95, 0.95, 0.225)), r.segments());
        }
    }

    @Test
    void oneSegmentWithoutSkipsIsInSeconds() {
        FifFixture f = new FifFixture();
        f.sfreq = 200;
        f.bufferSamples = new int[] {100, 100, 57};
        try (FifRecording r = FifReader.open(f.write(dir, "no_skip_raw.fif"))) {
            assertEquals(List.of(new Segment(0, 0, 1.285)), r.segments()); // 257 samples / 200 Hz
        }
    }
}
