package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SensorFeatures;

/** Parameter count, shape checking on load, and gradients against finite differences in double precision. */
class EncoderParametersTest {

    /** The count written out from the architecture description, independently of the code that registers them. */
    static long countFromDescription(EncoderSpec s) {
        long w = s.width();
        long h = w * s.mlpRatio();
        long attention = 4 * w * w + 3 * w; // q, v, out with bias; k without
        long mlp = 2 * w * h + h + w;
        long norm = 2 * w;
        long typeGain = (long) SensorFeatures.TYPE_CODES * w; // patch.type_gain: a gain per type and width
        long embed = w * s.patchSamples() + w + w + typeGain + w * 6L * s.fourierFrequencies()
                + (long) SensorFeatures.TYPE_CODES * w + w * SensorTokenEncoder.EXTRA_FEATURES
                + (long) s.patches() * w + (long) s.queries() * w;
        long cross = 3 * norm + attention + mlp;
        long layers = s.depth() * (2 * norm + attention + mlp);
        return embed + cross + layers + norm + w * s.embeddingSize() + s.embeddingSize();
    }

    @Test
    void tinyStaysWellUnderAMillionParameters() {
        for (EncoderSpec spec : List.of(EncoderSpec.tiny("eeg", 400, 100), EncoderSpec.tiny("fnirs", 100, 10))) {
            SensorTokenEncoder e = new SensorTokenEncoder(spec);
            assertEquals(countFromDescription(spec), e.parameterCount());
            assertTrue(e.parameterCount() < 1_000_000);
            System.out.println("tiny " + spec.modality() + " " + spec.windowSamples() + "@" + spec.sampleRate()
                    + " Hz: " + e.parameterCount() + " parameters");
        }
        SensorTokenEncoder base = new SensorTokenEncoder(EncoderSpec.base("eeg", 1000, 250));
        assertEquals(countFromDescription(base.spec()), base.parameterCount());
        System.out.println("base eeg 1000@250 Hz: " + base.parameterCount() + " parameters");
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = SensorTokenEncoderTest.build(m, EncoderSpec.tiny("eeg", 400, 100), 1,
                    DataType.FLOAT32);
            long initialised = 0;
            for (Pair<String, Parameter> p : e.getParameters()) {
                initialised += p.getValue().getArray().size();
            }
            assertEquals(e.parameterCount(), initialised);
        }
    }

    @Test
    void loadCheckedRefusesAFileWithHalfTheQueries(@TempDir Path dir) throws Exception {
        EncoderSpec spec = EncoderSpec.tiny("eeg", 400, 100);
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("eeg")) {
            SensorTokenEncoder e = SensorTokenEncoderTest.build(model.getNDManager(), spec, 11, DataType.FLOAT32);
            model.setBlock(e);
            model.save(dir, "eeg");
            assertTrue(Files.list(dir).anyMatch(f -> f.getFileName().toString().endsWith(".params")));
            NDList in = EncoderFixtures.batch(m, 2, 7, 400, 1);
            float[] expected = SensorTokenEncoderTest.run(e, in, false).get(1).toFloatArray();

            try (Model loaded = SensorTokenEncoder.loadChecked(dir, "eeg", spec)) {
                float[] again = SensorTokenEncoderTest.run((SensorTokenEncoder) loaded.getBlock(), in, false).get(1)
                        .toFloatArray();
                assertArrayEquals(expected, again);
            }
            ParameterShapeException x = assertThrows(ParameterShapeException.class,
                    () -> SensorTokenEncoder.loadChecked(dir, "eeg", spec.withQueries(4)));
            assertTrue(x.getMessage().contains("'queries' has shape (8, 64) but the spec expects (4, 64)"),
                    x.getMessage());
        }
    }

    @Test
    void checkShapesNamesAMissingOrForeignParameter() {
        EncoderSpec spec = EncoderSpec.tiny("eeg", 400, 100);
        EncoderSpec deeperSpec = new EncoderSpec("eeg", 400, 100, 50, 0, 64, 3, 4, 8, 64, 2, 8, 0.1);
        EncoderSpec shallowSpec = new EncoderSpec("eeg", 400, 100, 50, 0, 64, 1, 4, 8, 64, 2, 8, 0.1);
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder deeper = SensorTokenEncoderTest.build(m, deeperSpec, 1, DataType.FLOAT32);
            deeper.checkShapes(); // against its own spec: passes
            ParameterShapeException x = assertThrows(ParameterShapeException.class,
                    () -> SensorTokenEncoder.checkShapes(spec, deeper.getParameters()));
            assertTrue(x.getMessage().contains("'layers.2.norm1.gamma' is not in the spec"), x.getMessage());
            SensorTokenEncoder shallow = SensorTokenEncoderTest.build(m, shallowSpec, 1, DataType.FLOAT32);
            x = assertThrows(ParameterShapeException.class,
                    () -> SensorTokenEncoder.checkShapes(spec, shallow.getParameters()));
            assertTrue(x.getMessage().contains("'layers.1.norm1.gamma'") && x.getMessage().contains("missing"),
                    x.getMessage());
            x = assertThrows(ParameterShapeException.class,
                    () -> SensorTokenEncoder.checkShapes(spec, new SensorTokenEncoder(spec).getParameters()));
            assertTrue(x.getMessage().contains("'patch.weight' has no value"), x.getMessage());
        }
    }

    /** d/dtheta of sum(pooled * r1) + sum(tokens * r2) along random directions, against central differences. */
    @Test
    void gradientsMatchFiniteDifferencesInDoublePrecision() {
        EncoderSpec spec = new EncoderSpec("eeg", 40, 10, 10, 0, 16, 1, 2, 3, 8, 2, 4, 0.0);
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = SensorTokenEncoderTest.build(m, spec, 21, DataType.FLOAT64);
            NDList in = EncoderFixtures.pad(EncoderFixtures.fnirsBatch(m, 2, 3, 40, 4), 2, 5);
            NDList in64 = new NDList();
            for (NDArray a : in) {
                in64.add(a.toType(DataType.FLOAT64, false));
            }
            Random r = new Random(3);
            NDArray r1 = random(m, r, 2 * 8);
            NDArray r2 = random(m, r, 2 * 4 * 3 * 16);
            try (var collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss(e, in64, r1, r2));
            }
            for (String name : new String[] {"queries", "sensor.fourier.weight", "sensor.type", "time",
                "cross.attn.k.weight", "cross.norm_kv.gamma", "layers.0.attn.q.bias", "layers.0.mlp.fc1.weight",
                "patch.weight", "patch.type_gain", "head.weight"}) {
                Parameter p = e.getParameters().get(name);
                NDArray theta = p.getArray();
                NDArray u = random(m, r, theta.size()).reshape(theta.getShape());
                double analytic = theta.getGradient().mul(u).sum().getDouble();
                // central differences err by eps^2 f'''/6: along the queries of this encoder (spatial prior and
                // type gains included) that was 1e-4 at eps 1e-5 and 1e-6 at eps 1e-6, where float64 rounding of
                // the loss still costs only ~1e-8
                double eps = 1e-6;
                NDArray step = u.mul(eps);
                theta.addi(step);
                double plus = loss(e, in64, r1, r2).getDouble();
                theta.subi(step).subi(step);
                double minus = loss(e, in64, r1, r2).getDouble();
                theta.addi(step);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), name);
                assertTrue(Math.abs(numeric) > 1e-6, name + ": direction gives no change, the check is empty");
            }
        }
    }

    private static NDArray loss(SensorTokenEncoder e, NDList in, NDArray r1, NDArray r2) {
        NDList out = SensorTokenEncoderTest.run(e, in, false);
        return out.get(1).reshape(-1).mul(r1).sum().add(out.get(0).reshape(-1).mul(r2).sum());
    }

    private static NDArray random(NDManager m, Random r, long n) {
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(v);
    }
}
