package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Pre-training with EEG, fNIRS, MEG and fMRI windows of the default shapes' kind (MEG at 100 Hz with oriented
 * magnetometers and gradiometers in tesla; fMRI parcels at 1 Hz, 12 samples, in percent signal change): one encoder
 * per modality, every pair in the loss, and validation reporting retrieval for all six pairs.
 */
class FourModalityPretrainTest {
    private static final List<String> NAMES = List.of("eeg", "fnirs", "meg", "fmri");

    @TempDir
    Path dir;

    @Test
    void everyPairIsAlignedAndValidated() throws Exception {
        List<ObjectNode> train = new ArrayList<>();
        List<ObjectNode> val = new ArrayList<>();
        Pretrainer.Summary s;
        try (WindowStore store = WindowStore.build(dir.resolve("store"), "four-modalities", windows(4, 12, 3)
                .iterator())) {
            PretrainConfig c = PretrainConfig.defaults().with("modalities", String.join(",", NAMES))
                    .with("epochs", "2").with("batch_size", "6").with("min_gap_s", "0").with("holdout_subjects", "1")
                    .with("patience", "5").with("stop_metric", "pair_mean_top1");
            s = Pretrainer.builder().setStore(store).setRunDirectory(dir.resolve("run")).optConfig(c).optSeed(7)
                    .optLog(new PrintWriter(new StringWriter())).optEpochListener((e, t, v) -> {
                        train.add(t);
                        val.add(v);
                    }).build().run();
        }
        assertEquals(2, s.epochsRun());
        JsonNode model = new ObjectMapper().readTree(Files.readString(dir.resolve("run").resolve(RunDirectory.CONFIG)))
                .findValue("model");
        String specs = model.toString();
        for (String m : NAMES) {
            assertTrue(specs.contains("\"" + m + "\""), "no " + m + " encoder in " + specs);
        }
        for (int e = 0; e < 2; e++) {
            assertTrue(Double.isFinite(train.get(e).get("loss").asDouble()), train.get(e).toString());
            assertTrue(Double.isFinite(val.get(e).get("loss").asDouble()), val.get(e).toString());
        }
        ObjectNode v = val.get(1);
        // the headline keys stay those of the first pair
        assertEquals("eeg->fnirs", v.get("retrieval_direction").asText());
        JsonNode pairs = v.get("pair_retrieval");
        List<String> keys = new ArrayList<>();
        pairs.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("eeg->fnirs", "eeg->meg", "eeg->fmri", "fnirs->meg", "fnirs->fmri", "meg->fmri"), keys);
        double sum = 0;
        for (String k : keys) {
            JsonNode p = pairs.get(k);
            for (String f : List.of("top1", "top5", "median_rank", "reverse_top1", "reverse_top5", "chance")) {
                assertTrue(p.get(f).isNumber(), k + "." + f + " in " + p);
            }
            // one held-out subject of 12 windows: each query ranks among 12 candidates
            assertEquals(1.0 / 12, p.get("chance").asDouble(), 1e-9);
            sum += p.get("top1").asDouble() + p.get("reverse_top1").asDouble();
        }
        assertEquals(v.get("retrieval_top1").asDouble(), pairs.get("eeg->fnirs").get("top1").asDouble(), 1e-12);
        assertEquals(sum / 12, v.get("pair_mean_top1").asDouble(), 1e-12);
        // early stopping watched the mean over every pair: the best epoch's value is the larger of the two
        assertEquals(Math.max(val.get(0).get("pair_mean_top1").asDouble(), v.get("pair_mean_top1").asDouble()),
                s.bestMetric(), 1e-12);
    }

    /**
     * Windows whose four modalities follow one hidden number per window: EEG and MEG 10 Hz amplitude, the HbO and
     * BOLD rise. Shapes: EEG 6 × 200 at 100 Hz, fNIRS 4 × 50 at 10 Hz, MEG 6 × 200 at 100 Hz (3 magnetometers and
     * 3 gradiometers with normals), fMRI 5 parcels × 12 at 1 Hz.
     */
    static List<PairedWindow> windows(int subjects, int perSubject, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<Modality, List<Channel>> chans = new EnumMap<>(Modality.class);
        chans.put(Modality.EEG, ring(6, 0.08, i -> new Channel("E" + i, ChannelType.EEG, "V", 100, 200)));
        chans.put(Modality.FNIRS, ring(4, 0.07, i -> new Channel("S" + i + "_D" + i + " hbo", ChannelType.HBO,
                "mol/L", 10, 50)));
        chans.put(Modality.MEG, ring(6, 0.11, i -> new Channel("MEG" + i, i % 2 == 0 ? ChannelType.MAG
                : ChannelType.GRAD, i % 2 == 0 ? "T" : "T/m", 100, 200, Optional.empty(),
                Map.of(SensorFeatures.ORIENTATION_ATTRIBUTE, i % 2 == 0 ? "0,0,1" : "0.6,0,0.8"))));
        chans.put(Modality.FMRI, ring(5, 0.04, i -> new Channel("parcel-" + i, ChannelType.BOLD, "%", 1, 12)));
        Map<Modality, Double> scale = Map.of(Modality.EEG, 20e-6, Modality.FNIRS, 0.5e-6, Modality.MEG, 200e-15,
                Modality.FMRI, 1.0);
        List<PairedWindow> out = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            RecordingKey key = new RecordingKey(String.format("%02d", s + 1), "", "mi", "1");
            for (int w = 0; w < perSubject; w++) {
                double a = rnd.nextDouble(-1, 1);
                double onset = 20.0 * w;
                Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
                for (Map.Entry<Modality, List<Channel>> e : chans.entrySet()) {
                    List<Channel> cs = e.getValue();
                    int n = (int) cs.get(0).sampleCount();
                    double rate = cs.get(0).samplingRate();
                    boolean slow = e.getKey() == Modality.FNIRS || e.getKey() == Modality.FMRI;
                    float[] x = new float[cs.size() * n];
                    for (int c = 0; c < cs.size(); c++) {
                        double unit = scale.get(e.getKey()) * (cs.get(c).type() == ChannelType.GRAD ? 100 : 1);
                        for (int t = 0; t < n; t++) {
                            double signal = slow ? a * t / n : (1 + 0.8 * a) * Math.sin(2 * Math.PI * 10 * t / rate
                                    + c);
                            x[c * n + t] = (float) (unit * (signal + 0.2 * rnd.nextGaussian()));
                        }
                    }
                    blocks.put(e.getKey(), new SignalBlock(cs.stream().map(Channel::name).toList(), rate,
                            Math.round(onset * rate), n, x));
                }
                out.add(new PairedWindow(blocks, chans, OptionalInt.of(a > 0 ? 1 : 0), key, onset));
            }
        }
        return out;
    }

    private static List<Channel> ring(int n, double radius, java.util.function.IntFunction<Channel> make) {
        List<Channel> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double az = 2 * Math.PI * i / n;
            out.add(make.apply(i).withPosition(new SensorPosition(radius * Math.cos(az), radius * Math.sin(az),
                    0.05)));
        }
        return out;
    }
}
