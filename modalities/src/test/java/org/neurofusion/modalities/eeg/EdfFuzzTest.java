package org.neurofusion.modalities.eeg;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Segment;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for EDF, EDF+, BDF and BDF+ (header, TALs, data) through {@code Recordings.open}; the rules are
 * {@link FuzzRules}'. Without {@code JAZZER_FUZZ} each target replays its committed inputs
 * ({@code EdfFuzzTestInputs/<target>/}: seeds and past findings) as a regression test.
 */
class EdfFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "edf.dict")
    void fuzzEdf(byte[] data) {
        FuzzRules.recording("input.edf", data);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "edf.dict")
    void fuzzBdf(byte[] data) {
        FuzzRules.recording("input.bdf", data);
    }

    /** Small files of our own writer: an EDF+ with annotations, a discontinuous EDF+D, a BDF+ (a few KB each). */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds(@TempDir Path dir) throws IOException {
        EdfWriter.writeFile(tiny(false), dir.resolve("a.edf"));
        EdfWriter.writeFile(tiny(true), dir.resolve("d.edf"));
        EdfWriter.writeFile(tiny(false), dir.resolve("a.bdf"));
        FuzzRules.writeSeed(EdfFuzzTest.class, "fuzzEdf", "seed-edfplus", Files.readAllBytes(dir.resolve("a.edf")));
        FuzzRules.writeSeed(EdfFuzzTest.class, "fuzzEdf", "seed-edfplus-d", Files.readAllBytes(dir.resolve("d.edf")));
        FuzzRules.writeSeed(EdfFuzzTest.class, "fuzzBdf", "seed-bdfplus", Files.readAllBytes(dir.resolve("a.bdf")));
    }

    /** Two rates (32 and 4 Hz), 4 s, two annotations; {@code gaps} makes two segments with a gap between. */
    static InMemoryRecording tiny(boolean gaps) {
        double[] eeg = new double[128];
        double[] resp = new double[16];
        for (int i = 0; i < eeg.length; i++) {
            eeg[i] = 40e-6 * Math.sin(i / 3.0);
        }
        for (int i = 0; i < resp.length; i++) {
            resp[i] = 0.1 * i;
        }
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("fuzz seed")
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 32, 0), eeg)
                .addChannel(new Channel("Resp", ChannelType.RESP, "AU", 4, 0), resp)
                .addAnnotation(new Annotation(0.5, 1, "Stimulus/S  1"))
                .addAnnotation(new Annotation(2.25, 0, "end"))
                .optStart(LocalDateTime.of(2020, 1, 2, 3, 4, 5)).optHeader("patient_code", "P-1");
        if (gaps) {
            b.optSegments(List.of(new Segment(0, 0, 2), new Segment(2, 5, 2)));
        }
        return b.build();
    }
}
