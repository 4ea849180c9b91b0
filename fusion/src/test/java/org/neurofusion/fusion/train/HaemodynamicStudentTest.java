package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurofusion.fusion.train.FusionTrainerTest.builder;
import static org.neurofusion.fusion.train.FusionTrainerTest.config;
import static org.neurofusion.fusion.train.FusionTrainerTest.metrics;
import static org.neurofusion.fusion.train.FusionTrainerTest.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.core.Modality;

/**
 * A student that imputes the missing fNIRS window's haemodynamic features ({@code imputation_target=haemodynamic}),
 * on {@link FusionTrainerTest}'s tiny cohort: the head's size, its baselines against a direct computation over the
 * store's features, and the refusal of a student that imputes EEG.
 */
class HaemodynamicStudentTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void simulateAndPretrain() {
        FusionTrainerTest.prepare(dir);
    }

    @Test
    void aStudentCanImputeTheMissingWindowsHaemodynamicFeatures() throws Exception {
        Path out = dir.resolve("student-haemodynamic");
        FusionConfig cfg = config().with("imputation_target", "haemodynamic");
        FusionTrainer.Summary s = run(Stage.STUDENT, out, cfg, false, null);
        JsonNode config = RunDirectory.readConfig(out).get("config");
        assertEquals("haemodynamic", config.get("fusion").get("imputation_target").asText());
        int channels = FusionTrainerTest.store.channels(0, Modality.FNIRS).size();
        assertEquals(2 * channels, config.get("model").get("imputation").get("latentDim").asInt(),
                "the head imputes the expert's two features per fNIRS channel");
        // the baseline the imputation must beat is the mean of the training windows' features (fewer than the
        // sample: all of them), the same features on every held-out window
        SourceRun src = SourceRun.read(FusionTrainerTest.pre);
        FusionData data = FusionData.split(FusionTrainerTest.store, List.of("eeg", "fnirs"), src.trainSubjects(),
                src.testSubjects(), 2, 9);
        List<Long> pool = new ArrayList<>(data.labelled());
        pool.addAll(data.unlabelled());
        assertTrue(pool.size() <= FusionEvaluation.MEAN_SAMPLE, "the sample is every training window");
        double[][] test = features(data, data.test());
        double expected = meanCosine(features(data, pool), test);
        assertEquals(expected, s.lastTest().get("mean_embedding_cosine").asDouble(), 1e-5);
        // and the mean over the labelled (task) windows alone, beside it
        assertTrue(data.labelled().size() < pool.size(), "resting windows are unlabelled");
        assertEquals(meanCosine(features(data, data.labelled()), test) - expected,
                s.lastTest().get("labelled_mean_margin").asDouble(), 1e-5);
        assertNotEquals(run(Stage.STUDENT, dir.resolve("student-embedding"), config(), false, null).lastTest()
                .get("mean_embedding_cosine").asDouble(), expected, 1e-3);
        // the targets are in µmol/L ×1e6 and reach the loss: a NaN or overflow there would show in the cosine term,
        // which is 1 − a mean cosine, so in [0, 2] for every logged step
        int logged = 0;
        for (JsonNode row : metrics(out)) {
            if (row.has("cosine")) {
                double term = row.get("cosine").asDouble();
                assertTrue(term >= 0 && term <= 2, "the cosine term is 1 - a cosine: " + row);
                logged++;
            }
        }
        assertTrue(logged > 0, "no step logged the cosine term");
        FusionSetupException fnirs = assertThrows(FusionSetupException.class,
                () -> builder(Stage.STUDENT, dir.resolve("x-haemodynamic-eeg"), cfg).optKeep("fnirs").build().run());
        assertTrue(fnirs.getMessage().contains("imputation_target=haemodynamic")
                && fnirs.getMessage().contains("imputes 'eeg'"), fnirs.getMessage());
    }

    /** The mean over {@code test} rows of their cosine to the mean of the {@code train} rows. */
    static double meanCosine(double[][] train, double[][] test) {
        double[] mean = new double[train[0].length];
        for (double[] row : train) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j] / train.length;
            }
        }
        double out = 0;
        for (double[] row : test) {
            out += dot(mean, row) / Math.sqrt(dot(mean, mean) * dot(row, row)) / test.length;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    /** The expert's features of {@code windows}' fNIRS, in µmol/L, row by row. */
    static double[][] features(FusionData data, List<Long> windows) {
        try (NDManager m = NDManager.newBaseManager()) {
            FusionData.Batch b = data.batch(m, windows, List.of("fnirs"), i -> false);
            NDArray f = HaemodynamicExpert.features(b.data().get(0), b.data().get(2));
            int d = (int) f.getShape().get(1);
            float[] v = f.toFloatArray();
            double[][] out = new double[windows.size()][d];
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < d; j++) {
                    out[i][j] = v[i * d + j] * 1e6;
                }
            }
            return out;
        }
    }
}
