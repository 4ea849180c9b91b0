package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.io.NpyReader;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.SensorTokenEncoder;

/**
 * The PyTorch twin of a deployed model ({@code tools/reference/student_twin.py}) gives the Java network's class
 * probabilities within {@link #TOLERANCE} (and their logarithms within {@link #LOG_TOLERANCE}) on the same windows,
 * for a student and a single-modality model with random weights (readouts non-zero). The windows include one whose
 * values reach the encoder's clip and one with a padded channel (samples in it, mask 0) and a sensor without a
 * position. Both sides read the artifact's files from disk, the twin as a user would run it; the windows without
 * padding also go through {@link BrainDecoder#probabilities}. Skipped where {@code /usr/bin/python3} or its torch is
 * missing.
 */
class StudentTwinTest {
    private static final Path PYTHON = PythonTorch.PYTHON;
    /** The tests run in the module's folder; the twin lives at the repository root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("tools/reference/student_twin.py");
    private static final double TOLERANCE = 1e-5;
    /**
     * On log p as well: random weights give probabilities near 0.995, where 1e-5 on p lets a logit be 2e-3 off;
     * float32 rounding leaves about 1e-6 here.
     */
    private static final double LOG_TOLERANCE = 1e-4;
    private static final int WINDOWS = 6;
    private static final int C = Fixtures.CHANNELS;
    private static final int T = Fixtures.SAMPLES;
    private static final int F = SensorFeatures.COUNT;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPythonWithTorch() throws IOException, InterruptedException {
        PythonTorch.assume("torch, numpy", "PyTorch twin");
    }

    @Test
    void studentTwinGivesTheJavaProbabilities() throws Exception {
        compare(Fixtures.student(32), 11);
    }

    @Test
    void singleModalityTwinGivesTheJavaProbabilities() throws Exception {
        compare(singleModality(), 12);
    }

    @Test
    void twinRefusesAParameterOfAnotherShapeNamingIt() throws Exception {
        Path model = dir.resolve("model");
        Fixtures.artifact(singleModality(), 13).write(model);
        writeWindows();
        // a spec whose head has three classes, with checksums that agree: only the shape check can catch it
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = (ObjectNode) json.readTree(model.resolve("spec.json").toFile());
        ((ObjectNode) spec.get("fusion")).put("classes", 3);
        Files.write(model.resolve("spec.json"), json.writeValueAsBytes(spec));
        StringBuilder sums = new StringBuilder();
        for (String f : Artifact.FILES) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model.resolve(f)));
            sums.append(HexFormat.of().formatHex(digest)).append("  ").append(f).append('\n');
        }
        Files.writeString(model.resolve("checksums.sha256"), sums);

        Run r = twin(model);
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("parameter 'fusion/head.weight' is [2, 64]")
                && r.stderr().contains("[3, 64] in the network the spec builds"), r.stderr());
    }

    @Test
    void twinKnowsTheSensorLayoutOfSensorFeatures() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-c",
                "import json, student_twin; print(json.dumps(student_twin.SENSOR_LAYOUT))")
                .directory(SCRIPT.getParent().toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        Process p = pb.start();
        // read to the end before parsing: a parser that stops after the object would close the pipe under Python
        byte[] out = p.getInputStream().readAllBytes();
        JsonNode layout = new ObjectMapper().readTree(out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, Files.readString(dir.resolve("err.txt")));
        assertEquals(SensorFeatures.COUNT, layout.get("count").asInt());
        assertEquals(SensorFeatures.POSITION, layout.get("position").asInt());
        assertEquals(SensorFeatures.HAS_POSITION, layout.get("has_position").asInt());
        assertEquals(SensorFeatures.ORIENTATION, layout.get("orientation").asInt());
        assertEquals(SensorFeatures.SOURCE, layout.get("source").asInt());
        assertEquals(SensorFeatures.DETECTOR, layout.get("detector").asInt());
        assertEquals(SensorFeatures.WAVELENGTH, layout.get("wavelength").asInt());
        assertEquals(SensorFeatures.TYPE, layout.get("type").asInt());
        assertEquals(SensorFeatures.TYPE_CODES, layout.get("type_codes").asInt());
        assertEquals(SensorTokenEncoder.EXTRA_FEATURES, layout.get("extra_features").asInt());
        assertEquals(ChannelType.values().length, layout.get("code_of").size());
        for (ChannelType t : ChannelType.values()) {
            assertEquals(SensorFeatures.typeCode(t), layout.get("code_of").path(t.name()).asInt(-1), t.name());
        }
    }

    private static ArtifactSpec singleModality() {
        EncoderSpec encoder = Fixtures.student(32).encoder();
        return new ArtifactSpec(1, ArtifactSpec.SINGLE_MODALITY, encoder,
                FusionSpec.tiny(List.of(FusionSpec.Input.of(encoder)), 2), null, Fixtures.contract("[]"));
    }

    /** Writes the artifact and the windows, runs the twin and the Java network on them, compares every value. */
    private void compare(ArtifactSpec spec, long seed) throws Exception {
        Path model = dir.resolve("model");
        Fixtures.artifact(spec, seed).write(model);
        Windows w = writeWindows();
        Artifact read = Artifact.read(model);
        float[] network;
        try (DecoderNetwork n = new DecoderNetwork(read.spec(), Device.cpu());
                NDManager m = NDManager.newBaseManager()) {
            n.load(read.tensors());
            network = n.probabilities(m.create(w.data(), new Shape(WINDOWS, C, T)),
                    m.create(w.sensors(), new Shape(WINDOWS, C, F)), m.create(w.mask(), new Shape(WINDOWS, C)))
                    .toFloatArray();
        }
        // the windows without padding through the public API as well: BrainDecoder gives the network's numbers
        List<Channel> ring = Fixtures.ring(Fixtures.RATE, T);
        List<SignalBlock> plain = new ArrayList<>();
        for (int b = 0; b < WINDOWS - 1; b++) {
            float[] x = Arrays.copyOfRange(w.data(), b * C * T, (b + 1) * C * T);
            plain.add(new SignalBlock(ring.stream().map(Channel::name).toList(), Fixtures.RATE, 0, T, x));
        }
        float[][] decoder;
        try (BrainDecoder d = BrainDecoder.load(model, Device.cpu(), 2)) {
            decoder = d.probabilities(plain, ring);
        }

        Run r = twin(model);
        assertEquals(0, r.exit(), r.stderr());
        int classes = spec.fusion().classes();
        double worst = 0;
        double worstLog = 0;
        try (NpyReader out = NpyReader.open(dir.resolve("out.npy"))) {
            assertEquals(WINDOWS, out.rows());
            assertEquals(classes, out.columns());
            for (int b = 0; b < WINDOWS; b++) {
                double[] twin = out.readRow(b);
                for (int k = 0; k < classes; k++) {
                    double d = Math.abs(twin[k] - network[b * classes + k]);
                    worst = Math.max(worst, d);
                    worstLog = Math.max(worstLog, Math.abs(Math.log(twin[k]) - Math.log(network[b * classes + k])));
                    assertEquals(network[b * classes + k], twin[k], TOLERANCE, "window " + b + ", class " + k);
                    assertEquals(Math.log(network[b * classes + k]), Math.log(twin[k]), LOG_TOLERANCE,
                            "log p, window " + b + ", class " + k);
                    if (b < WINDOWS - 1) {
                        assertEquals(decoder[b][k], twin[k], TOLERANCE, "BrainDecoder, window " + b + ", class " + k);
                    }
                }
            }
        }
        System.out.printf("student twin (%s): largest difference from the Java network %.3g, of log p %.3g%n",
                spec.kind(), worst, worstLog);
    }

    private record Windows(float[] data, float[] sensors, float[] mask) {
    }

    /**
     * Six windows of the ring montage in volts: 0-3 sines and noise at EEG size, 4 a hundred times larger (past the
     * encoder's clip), 5 with channel 7 padded (mask 0, non-zero samples) and channel 2 without a position.
     */
    private Windows writeWindows() {
        SplittableRandom r = new SplittableRandom(5);
        float[] data = new float[WINDOWS * C * T];
        for (int b = 0; b < WINDOWS; b++) {
            double gain = b == 4 ? 100 : 1;
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < T; t++) {
                    double s = t / Fixtures.RATE;
                    data[(b * C + c) * T + t] = (float) (gain * (1e-5 * Math.sin(2 * Math.PI * (6 + b) * s + c)
                            + 3e-6 * r.nextGaussian() + 2e-6 * b));
                }
            }
        }
        float[] one = SensorFeatures.of(Fixtures.ring(Fixtures.RATE, T));
        float[] sensors = new float[WINDOWS * C * F];
        float[] mask = new float[WINDOWS * C];
        for (int b = 0; b < WINDOWS; b++) {
            System.arraycopy(one, 0, sensors, b * C * F, C * F);
            Arrays.fill(mask, b * C, (b + 1) * C, 1f);
        }
        mask[5 * C + 7] = 0;
        int noPosition = (5 * C + 2) * F;
        for (int k : new int[] {SensorFeatures.POSITION, SensorFeatures.SOURCE, SensorFeatures.DETECTOR}) {
            Arrays.fill(sensors, noPosition + k, noPosition + k + 3, 0f);
        }
        sensors[noPosition + SensorFeatures.HAS_POSITION] = 0;
        writeNpy(dir.resolve("data.npy"), data, WINDOWS, C, T);
        writeNpy(dir.resolve("sensors.npy"), sensors, WINDOWS, C, F);
        writeNpy(dir.resolve("mask.npy"), mask, WINDOWS, C);
        return new Windows(data, sensors, mask);
    }

    private record Run(int exit, String stderr) {
    }

    /** Runs the twin from the repository root on the windows in {@link #dir}, writing {@code out.npy}. */
    private Run twin(Path model) throws IOException, InterruptedException {
        Path err = dir.resolve("twin.err");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), ROOT.relativize(SCRIPT).toString(),
                model.toString(), dir.resolve("data.npy").toString(), dir.resolve("sensors.npy").toString(),
                dir.resolve("mask.npy").toString(), dir.resolve("out.npy").toString())
                .directory(ROOT.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the twin did not finish in 180 s");
        }
        return new Run(p.exitValue(), Files.readString(err));
    }

    /** A float32 C-order .npy (format 1.0) of {@code shape}. */
    private static void writeNpy(Path file, float[] values, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().strip()
                .replaceAll(",$", shape.length == 1 ? "," : "") + "), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        byte[] header = (dict + " ".repeat(pad % 64) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        buf.asFloatBuffer().put(values);
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
