package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;

/**
 * Optical density, Beer–Lambert, the scalp coupling index and TDDR on the shared real recordings, against
 * MNE-Python 1.3: {@code expected/*.json} ({@code beer_lambert}, ppf 6) and tools/reference/fnirs_reference.py.
 */
class FnirsAgainstMneTest {

    @TestFactory
    Stream<DynamicTest> beerLambertMatchesMneOnEveryRawFile() throws IOException {
        Path data = SharedData.require();
        List<Path> oracles;
        try (Stream<Path> s = Files.walk(data.resolve("expected/fnirs"))) {
            oracles = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        // The Kernel oracle holds NaN values, which plain JSON cannot.
        ObjectMapper json = new ObjectMapper().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        // processed files (HbO/HbR, optical density) have nothing to convert: they are left out rather than
        // reported as passing tests that assert nothing
        List<Path> rawOracles = new java.util.ArrayList<>();
        for (Path o : oracles) {
            if (json.readTree(o.toFile()).has("beer_lambert")) {
                rawOracles.add(o);
            }
        }
        assertTrue(rawOracles.size() >= 2, "expected/fnirs holds " + rawOracles.size() + " raw fNIRS oracles");
        return rawOracles.stream().map(o -> DynamicTest.dynamicTest(data.resolve("expected").relativize(o).toString(),
                () -> {
                    JsonNode e = json.readTree(o.toFile());
                    Path file = data.resolve(e.get("file").asText());
                    try (Recording raw = Recordings.open(file)) {
                        Recording hb = BeerLambert.withDefaults().apply(new OpticalDensity().apply(raw));
                        for (JsonNode c : e.get("beer_lambert").get("channels")) {
                            String name = c.get("name").asText();
                            int i = hb.channelIndex(name);
                            Channel ch = hb.channels().get(i);
                            assertEquals(c.get("source_detector_distance_m").asDouble(),
                                    OpticalChannel.of(ch).orElseThrow().distanceMeters().getAsDouble(), 1e-9,
                                    name + " distance");
                            double[] v = hb.readAll(i);
                            double tol = 1e-4 * c.get("std").asDouble();
                            for (int k = 0; k < 5; k++) {
                                assertEquals(c.get("first5").get(k).asDouble(), v[k], tol, name + " sample " + k);
                            }
                            double mean = 0;
                            for (double x : v) {
                                mean += x;
                            }
                            mean /= v.length;
                            double ss = 0;
                            for (double x : v) {
                                ss += (x - mean) * (x - mean);
                            }
                            assertEquals(c.get("mean").asDouble(), mean, tol, name + " mean");
                            assertEquals(c.get("std").asDouble(), Math.sqrt(ss / v.length), tol, name + " std");
                        }
                    }
                }));
    }

    @Test
    void scalpCouplingIndexAndTddrMatchMne() throws IOException {
        JsonNode ref;
        try (InputStream in = FnirsAgainstMneTest.class.getResourceAsStream("mne_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        try (Recording raw = Recordings.open(SharedData.require(ref.get("file").asText()))) {
            Recording od = new OpticalDensity().apply(raw);
            for (var it = ref.get("od").fields(); it.hasNext();) {
                var f = it.next();
                assertClose(f.getValue(), od.readAll(od.channelIndex(f.getKey())), 1e-9, "OD " + f.getKey());
            }
            Map<String, Double> sci = ScalpCouplingIndex.compute(od);
            for (var it = ref.get("sci").fields(); it.hasNext();) {
                var f = it.next();
                assertEquals(f.getValue().asDouble(), sci.get(f.getKey()), 1e-6, "SCI " + f.getKey());
            }
            Recording fixed = new Tddr().apply(od);
            for (var it = ref.get("tddr").fields(); it.hasNext();) {
                var f = it.next();
                assertClose(f.getValue(), fixed.readAll(fixed.channelIndex(f.getKey())), 1e-6, "TDDR " + f.getKey());
            }
        }
    }

    private static void assertClose(JsonNode expected, double[] actual, double rel, String what) {
        assertEquals(expected.size(), actual.length, what + " length");
        double scale = 0;
        for (JsonNode v : expected) {
            scale = Math.max(scale, Math.abs(v.asDouble()));
        }
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            assertTrue(Math.abs(e - actual[i]) <= rel * scale, what + "[" + i + "]: expected " + e + ", got "
                    + actual[i]);
        }
    }
}
