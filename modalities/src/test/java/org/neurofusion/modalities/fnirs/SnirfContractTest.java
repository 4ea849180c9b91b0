package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.RecordingContract;

/**
 * The reader contract (see {@link RecordingContract}) for SNIRF, on a written file (optical data at 10 Hz, an
 * auxiliary series at 20 Hz) and on shared files of three layouts; plus what only SNIRF has: several data blocks.
 */
class SnirfContractTest implements RecordingContract {
    static final String[] FILES = {SnirfSharedDataTest.HOMER3_SHORT, // contiguous layout
        "fnirs/mne_testing_data/SNIRF_NIRx_NIRSport2_2021.9/2021-10-01_002.snirf", // chunked, scale-offset
        "fnirs/mne_testing_data/SNIRF_GowerLabs/lumomat-1-1-0.snirf"}; // float32, aux at 100 Hz
    /** The written file's optical samples: 240 rows of two columns, every value distinct. */
    private static final int ROWS = 240;

    @TempDir
    Path dir;

    @Override
    public List<Path> fixtures(Path into) {
        return List.of(SnirfFixture.write(into.resolve("mixed.snirf"), m -> {
            double[][] v = new double[ROWS][2];
            double[] t = new double[ROWS];
            for (int i = 0; i < ROWS; i++) {
                v[i][0] = 1 + i * 0.001;
                v[i][1] = 2 + i * 0.003;
                t[i] = i * 0.1;
            }
            m.put("/nirs/data1/dataTimeSeries", v);
            m.put("/nirs/data1/time", t);
            double[] aux = new double[2 * ROWS];
            double[] auxTime = new double[2 * ROWS];
            for (int i = 0; i < aux.length; i++) {
                aux[i] = Math.sin(i / 7.0);
                auxTime[i] = i * 0.05;
            }
            m.put("/nirs/aux1/name", "accel");
            m.put("/nirs/aux1/dataTimeSeries", aux);
            m.put("/nirs/aux1/time", auxTime);
        }));
    }

    @Override
    public List<String> sharedSamples() {
        return List.of(FILES);
    }

    @Override
    public List<String> sharedFiles(Path data) throws IOException {
        return SnirfSharedDataTest.snirfFiles(data).stream().map(p -> data.relativize(p).toString()).toList();
    }

    @Override
    public Set<String> withoutOracle() {
        return Set.of("fnirs/snirf_samples/test/minimum_example.snirf"); // MNE 1.3 cannot read it
    }

    @Override
    public Recording asOracleSees(Recording r, String relative) {
        return new Mne13SnirfView(r);
    }

    /** Source–detector distances, where the oracle has MNE's Beer–Lambert step. */
    @Override
    public void assertAlsoMatches(ExpectedRecording expected, Recording r, String relative) {
        JsonNode bl = expected.json().get("beer_lambert");
        if (bl == null) {
            return;
        }
        int checked = 0;
        for (JsonNode c : bl.get("channels")) {
            String pair = c.get("name").asText().split(" ")[0];
            Channel ours = r.channels().stream().filter(x -> x.name().startsWith(pair + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(relative + ": no channel for " + pair));
            double d = OpticalChannel.of(ours).orElseThrow().distanceMeters().orElseThrow();
            assertEquals(c.get("source_detector_distance_m").asDouble(), d, 1e-9, relative + " " + pair);
            checked++;
        }
        assertTrue(checked > 0, relative);
    }

    /** The written file and two shared ones (when present), each cut at fractions of its length. */
    @Override
    public List<Truncation> truncations(Path into) throws IOException {
        List<Path> whole = new ArrayList<>(fixtures(into));
        Optional<Path> data = SharedData.locate();
        for (String rel : new String[] {SnirfSharedDataTest.HOMER3_SHORT,
            "fnirs/mne_testing_data/SNIRF_NIRx_NIRSport2_1.0.3/2021-05-05_001.snirf"}) {
            data.map(d -> d.resolve(rel)).filter(Files::exists).ifPresent(whole::add);
        }
        List<Truncation> out = new ArrayList<>();
        for (Path p : whole) {
            byte[] all = Files.readAllBytes(p);
            for (double f : new double[] {0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
                int n = Math.max(1, (int) (all.length * f));
                Path cut = into.resolve("cut" + n + "-" + p.getFileName());
                Files.write(cut, Arrays.copyOf(all, n));
                out.add(new Truncation(p.getFileName() + " cut at " + n + " of " + all.length + " bytes", cut, cut));
            }
        }
        return out;
    }

    /** Finds the written optical samples (little-endian doubles, as jHDF writes them) and changes them in place. */
    @Override
    public void rewriteSamples(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer first = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(2);
        int at = indexOf(b, first.array());
        assertTrue(at >= 0, "the written samples are not stored as plain doubles in " + file);
        ByteBuffer w = ByteBuffer.wrap(b, at, ROWS * 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ROWS * 2; i++) {
            w.putDouble(at + 8 * i, -w.getDouble(at + 8 * i));
        }
        Files.write(file, b);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void severalBlocksAreListedAndEachCanBeOpened() {
        Path p = SnirfFixture.write(dir.resolve("two.snirf"), m -> {
            m.put("/nirs/data2/dataTimeSeries", new double[][] {{9}, {8}, {7}});
            m.put("/nirs/data2/time", new double[] {0, 0.5});
            m.put("/nirs/data2/measurementList1/sourceIndex", 1);
            m.put("/nirs/data2/measurementList1/detectorIndex", 1);
            m.put("/nirs/data2/measurementList1/dataType", 99999);
            m.put("/nirs/data2/measurementList1/dataTypeLabel", "HbO");
            m.put("/nirs/data2/measurementList1/dataUnit", "uM");
        });
        assertEquals(List.of("/nirs/data1", "/nirs/data2"), SnirfReader.blocks(p));
        try (Recording r = SnirfReader.open(p)) {
            assertEquals("/nirs/data1,/nirs/data2", r.header().get("blocks"));
            assertEquals(2, r.channels().size());
        }
        try (Recording r = SnirfReader.open(p, 1, 2)) {
            assertEquals("S1_D1 hbo", r.channels().get(0).name());
            assertEquals("mol/L", r.channels().get(0).unit());
            assertEquals(2.0, r.channels().get(0).samplingRate(), 1e-12);
            assertEquals(7e-6, r.readAll(0)[2], 1e-18);
        }
        assertThrows(RecordingException.class, () -> SnirfReader.open(p, 2, 1));
    }
}
