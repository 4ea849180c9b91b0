package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.RecordingContract;

/**
 * The reader contract (see {@link RecordingContract}) for NIRx folders, on copies of two shared recordings
 * (NIRScout with short channels, NIRSport2/Aurora): without the shared data these tests skip. Plus what only
 * NIRx shows: the text data files are parsed on the first read, once for all threads.
 */
class NirxContractTest implements RecordingContract {
    @TempDir
    Path dir;

    @Override
    public List<Path> fixtures(Path into) {
        return List.of(NirxFixture.copy(NirxFixture.W_SHORT, into), NirxFixture.copy(NirxFixture.AURORA, into));
    }

    @Override
    public List<String> sharedFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("fnirs"))) {
            return s.filter(p -> p.toString().endsWith(".hdr")).map(p -> data.relativize(p.getParent()).toString())
                    .sorted().toList();
        }
    }

    /**
     * MNE 1.3 cannot read FineMI's Chinese-locale date ({@code 2021年8月18日}) and falls back to 2000-01-01: compare
     * everything else (our start is checked in the shared-data test).
     */
    @Override
    public Recording asOracleSees(Recording r, String relative) {
        if (!relative.equals(NirxSharedDataTest.FINEMI)) {
            return r;
        }
        return new ForwardingRecording(r) {
            @Override
            public Optional<LocalDateTime> start() {
                return Optional.of(LocalDateTime.of(2000, 1, 1, 0, 0));
            }
        };
    }

    /** Source–detector distances of every pair, raw CW amplitude in volts with positions, and no warnings. */
    @Override
    public void assertAlsoMatches(ExpectedRecording expected, Recording r, String relative) {
        Map<String, Double> ours = new HashMap<>();
        for (Channel c : r.channels()) {
            OpticalChannel oc = OpticalChannel.of(c).orElseThrow();
            ours.put(oc.pairName(), oc.distanceMeters().orElseThrow());
        }
        JsonNode bl = expected.json().get("beer_lambert").get("channels");
        assertEquals(r.channels().size(), bl.size(), relative);
        for (JsonNode c : bl) {
            String pair = c.get("name").asText().split(" ")[0];
            assertEquals(c.get("source_detector_distance_m").asDouble(), ours.get(pair), 1e-9, relative + " " + pair);
        }
        assertTrue(r.channels().stream().allMatch(c -> c.type() == ChannelType.FNIRS_CW_AMPLITUDE
                && c.unit().equals("V") && c.position().isPresent()), relative);
        assertFalse(r.header().containsKey("Warnings"), relative + ": " + r.header());
    }

    /** A .wl2 that lost its last rows, and a .wl1 cut inside a line: both surface on the first read. */
    @Override
    public List<Truncation> truncations(Path into) throws IOException {
        Path rows = NirxFixture.copy(NirxFixture.W_SHORT, into.resolve("rows"));
        Path wl2 = NirxFixture.edit(rows, ".wl2", s -> String.join("\n", Arrays.copyOf(s.split("\n"), 140)) + "\n");
        Path half = NirxFixture.copy(NirxFixture.W_SHORT, into.resolve("half"));
        Path wl1 = NirxFixture.edit(half, ".wl1", s -> s.substring(0, s.length() / 2 + 3));
        return List.of(new Truncation(".wl2 cut after line 140", rows, wl2,
                List.of("ends after line 140", "145 lines")), new Truncation(".wl1 cut inside a line", half, wl1));
    }

    /** Every value of the first row of the .wl1 becomes 0.125. */
    @Override
    public void rewriteSamples(Path folder) {
        NirxFixture.edit(folder, ".wl1", s -> {
            int eol = s.indexOf('\n');
            return s.substring(0, eol).replaceAll("\\S+", "0.125") + s.substring(eol);
        });
    }

    /** Opening must not parse the wavelength files: garbage in .wl1 surfaces on the first read, not before. */
    @Test
    void openDoesNotParseTheDataFiles() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".wl1", s -> s.replaceAll("[0-9]", "x"));
        try (Recording r = NirxReader.open(folder)) {
            assertEquals(26, r.channels().size());
            assertEquals(145, r.channels().get(0).sampleCount());
            assertEquals(3, r.annotations().size());
            assertFalse(((NirxRecording) r).parsed());
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> r.readAll(0));
            assertTrue(e.getMessage().contains(".wl1") && e.getMessage().contains("line 1, column 1"),
                    e.getMessage());
        }
    }

    @Test
    void theFirstReadParsesOnceForAllThreads() throws Exception {
        double[] expected;
        try (Recording r = NirxReader.open(SharedData.require(NirxFixture.AURORA))) {
            expected = r.readAll(17);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Recording r = NirxReader.open(SharedData.require(NirxFixture.AURORA))) {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> r.readAll(17)));
            }
            for (Future<double[]> f : fs) {
                assertArrayEquals(expected, f.get());
            }
            assertTrue(((NirxRecording) r).parsed());
        } finally {
            pool.shutdown();
        }
    }
}
