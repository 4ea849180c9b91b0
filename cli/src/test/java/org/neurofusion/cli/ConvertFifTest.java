package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.meg.FifReader;
import org.neurofusion.modalities.meg.FifRecording;

/** {@code neurofusion convert IN OUT.fif}: the selection, as raw FIF that the FIF reader reads back. */
class ConvertFifTest {
    @TempDir
    Path dir;

    @Test
    void aChannelSelectionOverATimeRangeBecomesARawFifFile() {
        Path out = dir.resolve("part_raw.fif");
        CliRun r = CliRun.run(TestRecordings.opening(TestRecordings.mixedRates()), "convert", "in.edf", out.toString(),
                "--channels", "Cz,Fp1", "--start", "1.5", "--duration", "6");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wrote " + out + ": 2 channels × 600 samples at 100 Hz, 1.500 to 7.500 s", r.out().strip());
        try (FifRecording fif = FifReader.open(out)) {
            assertEquals(List.of("Cz", "Fp1"), fif.channels().stream().map(c -> c.name()).toList());
            assertEquals(ChannelType.EEG, fif.channels().get(0).type());
            assertEquals(100.0, fif.channels().get(0).samplingRate());
            assertEquals(600, fif.channels().get(0).sampleCount());
            float[] v = new float[600];
            fif.read(0, 0, v, 0, 600);
            for (int t = 0; t < 600; t++) {
                assertEquals((float) TestRecordings.value(2, 150 + t), v[t], "Cz sample " + t);
            }
            fif.read(1, 0, v, 0, 600);
            assertEquals((float) TestRecordings.value(0, 150 + 599), v[599]);
            assertEquals(Optional.of(new SensorPosition((float) -0.03, (float) 0.08, (float) 0.02)),
                    fif.channels().get(1).position());
            assertEquals(Optional.of(LocalDateTime.of(2020, 1, 24, 4, 5, 57, 894_531_000)), fif.start());
            // events 1..4 at 1.5, 3, 4.5, 6 s, then 'artefact' at 9 s is outside: onsets counted from 1.5 s
            assertEquals(List.of(new Annotation(0, 0, "event 1"), new Annotation(1.5, 0.25, "event 2"),
                    new Annotation(3, 0, "event 3"), new Annotation(4.5, 0, "event 4")), fif.annotations());
        }
    }

    @Test
    void mixedRatesWithoutAChoiceAreRefusedAndNothingIsWritten() {
        Path out = dir.resolve("all_raw.fif");
        CliRun r = CliRun.run(TestRecordings.opening(TestRecordings.mixedRates()), "convert", "in.edf",
                out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("different sampling rates"), r.err());
        assertFalse(Files.exists(out));
    }
}
