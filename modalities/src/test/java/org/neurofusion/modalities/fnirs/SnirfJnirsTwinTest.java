package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SharedData;

/**
 * snirf-samples ships every {@code .snirf} with a JSON twin ({@code .jnirs}, JData: large arrays zlib-packed in
 * base64, row-major) holding the same values: data, time, probe and stimuli must agree with our reader.
 */
class SnirfJnirsTwinTest {

    @ParameterizedTest
    @ValueSource(strings = {"Simple_Probe", "neuro_run01"})
    void basicSamplesAgreeWithTheirJsonTwins(String name) throws IOException {
        Path snirf = SharedData.require("fnirs/snirf_samples/basic/" + name + ".snirf");
        JsonNode j = new ObjectMapper().readTree(snirf.resolveSibling(name + ".jnirs").toFile()).get("SNIRFData");
        double[] data = array(j.get("data").get("dataTimeSeries"));
        double[] time = array(j.get("data").get("time"));
        int cols = j.get("data").get("dataTimeSeries").get("_ArraySize_").get(1).asInt();
        double cm = 0.01; // LengthUnit of both samples
        try (Recording r = SnirfReader.open(snirf)) {
            List<Channel> optical = r.channels().stream().filter(c -> !c.attributes().containsKey("aux")).toList();
            assertEquals(cols, optical.size());
            assertEquals(time.length, optical.get(0).sampleCount());
            assertEquals((time.length - 1) / (time[time.length - 1] - time[0]), optical.get(0).samplingRate(), 1e-9);
            for (int c = 0; c < cols; c++) {
                double[] v = r.readAll(c);
                for (int i = 0; i < v.length; i++) {
                    assertEquals(data[i * cols + c], v[i], 0.0, optical.get(c).name() + " sample " + i);
                }
            }
            List<SensorPosition> src = positions(j.get("probe").get("sourcePos2D"), cm);
            List<SensorPosition> det = positions(j.get("probe").get("detectorPos2D"), cm);
            JsonNode ml = j.get("data").get("measurementList");
            for (int c = 0; c < cols; c++) {
                OpticalChannel o = OpticalChannel.of(optical.get(c)).orElseThrow();
                assertEquals(ml.get("sourceIndex").get(c).asInt(), o.source());
                assertEquals(ml.get("detectorIndex").get(c).asInt(), o.detector());
                assertEquals(src.get(o.source() - 1), o.sourcePosition().orElseThrow());
                assertEquals(det.get(o.detector() - 1), o.detectorPosition().orElseThrow());
            }
            List<Annotation> expected = new ArrayList<>();
            for (JsonNode s : j.get("stim")) {
                JsonNode rows = s.get("data");
                // JData writes a one-row table as a flat row.
                List<JsonNode> list = new ArrayList<>();
                if (rows.get(0).isNumber()) {
                    list.add(rows);
                } else {
                    rows.forEach(list::add);
                }
                for (JsonNode row : list) {
                    expected.add(new Annotation(row.get(0).asDouble(), row.get(1).asDouble(), s.get("name").asText()));
                }
            }
            expected.sort((a, b) -> Double.compare(a.onset(), b.onset()));
            assertEquals(expected, r.annotations());
        }
    }

    @Test
    void minimumExampleOpensEmpty() throws IOException {
        Path snirf = SharedData.require("fnirs/snirf_samples/test/minimum_example.snirf");
        JsonNode j = new ObjectMapper().readTree(snirf.resolveSibling("minimum_example.jnirs").toFile());
        assertTrue(j.get("SNIRFData").get("data").get("dataTimeSeries").isEmpty());
        try (Recording r = SnirfReader.open(snirf)) {
            assertEquals(List.of(), r.channels());
            assertEquals(List.of(), r.annotations());
            assertEquals("default", r.header().get("SubjectID"));
            assertTrue(r.header().containsKey("empty_block"));
            assertTrue(r.header().get("aux.skipped").contains("aux1"), r.header().toString());
        }
    }

    /** Rows of 2-D positions (a single optode is written as a flat pair), scaled to metres. */
    private static List<SensorPosition> positions(JsonNode n, double scale) {
        List<SensorPosition> out = new ArrayList<>();
        if (n.get(0).isNumber()) {
            out.add(new SensorPosition(n.get(0).asDouble() * scale, n.get(1).asDouble() * scale, 0));
            return out;
        }
        for (JsonNode row : n) {
            out.add(new SensorPosition(row.get(0).asDouble() * scale, row.get(1).asDouble() * scale, 0));
        }
        return out;
    }

    /** A JData array: zlib-packed little-endian float64 in base64, or a plain JSON list. */
    private static double[] array(JsonNode n) {
        if (n.isArray()) {
            double[] v = new double[n.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = n.get(i).asDouble();
            }
            return v;
        }
        assertEquals("zlib", n.get("_ArrayZipType_").asText());
        assertEquals("double", n.get("_ArrayType_").asText());
        byte[] packed = Base64.getDecoder().decode(n.get("_ArrayZipData_").asText());
        Inflater inf = new Inflater();
        inf.setInput(packed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                int k = inf.inflate(buf);
                if (k == 0 && inf.needsInput()) {
                    break;
                }
                bytes.write(buf, 0, k);
            }
        } catch (DataFormatException e) {
            throw new AssertionError("bad zlib data in the JSON twin", e);
        } finally {
            inf.end();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(v);
        return v;
    }
}
