package org.neurofusion.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationSpec;

/** Tiny artifacts and recordings for the inference and command-line tests: random weights, a ring of EEG sensors. */
public final class Fixtures {
    public static final int CHANNELS = 8;
    public static final double RATE = 50;
    public static final int SAMPLES = 100;

    private Fixtures() {
    }

    /** A ring of {@link #CHANNELS} EEG sensors 9 cm from the centre, named E0..E7. */
    public static List<Channel> ring(double rate, long samples) {
        List<Channel> out = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            double a = 2 * Math.PI * i / CHANNELS;
            out.add(new Channel("E" + i, ChannelType.EEG, "V", rate, samples,
                    Optional.of(new SensorPosition(0.09 * Math.cos(a), 0.09 * Math.sin(a), 0.03)), Map.of()));
        }
        return out;
    }

    public static InputContract contract(String pipeline) {
        return new InputContract("eeg", ring(RATE, 0).stream().map(InputContract.ContractChannel::of).toList(), "V",
                pipeline, RATE, SAMPLES / RATE, 1.0, List.of("left_hand", "right_hand"), 0.5, 0.01);
    }

    /** A student spec (EEG kept, fNIRS imputed) with width {@code width}. */
    public static ArtifactSpec student(int width) {
        EncoderSpec eeg = EncoderSpec.tiny("eeg", SAMPLES, RATE);
        eeg = new EncoderSpec("eeg", SAMPLES, RATE, eeg.patchSamples(), 0, width, 1, 4, 4, 32, 2, 4, 0.1);
        EncoderSpec fnirs = new EncoderSpec("fnirs", 60, 10, 20, 2, width, 1, 4, 4, 32, 2, 4, 0.1);
        FusionSpec fusion = FusionSpec.tiny(List.of(FusionSpec.Input.of(eeg), FusionSpec.Input.of(fnirs)), 2);
        ImputationSpec imp = ImputationSpec.tiny(eeg, fnirs, 16);
        return new ArtifactSpec(ArtifactSpec.FORMAT_VERSION, ArtifactSpec.STUDENT, eeg, fusion, imp, contract("[]"));
    }

    /** An artifact of {@code spec} with weights drawn from {@code seed}. */
    public static Artifact artifact(ArtifactSpec spec, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        try (DecoderNetwork n = new DecoderNetwork(spec, Device.cpu())) {
            // the readouts start at zero: give them values, so that a test sees them
            SplittableRandom r = new SplittableRandom(seed);
            Map<String, SafeTensors.Tensor> v = new java.util.LinkedHashMap<>();
            n.values().forEach((k, t) -> {
                float[] x = t.values();
                if (k.contains("readout")) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (r.nextGaussian() * 0.05);
                    }
                }
                v.put(k, new SafeTensors.Tensor(t.shape(), x));
            });
            return new Artifact(spec, v, null);
        }
    }

    /** A recording of the ring: each channel a sum of sines with its own phase, plus noise, in volts. */
    public static InMemoryRecording recording(double rate, double seconds, long seed) {
        long n = Math.round(rate * seconds);
        List<Channel> cs = ring(rate, n);
        SplittableRandom r = new SplittableRandom(seed);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test");
        for (int c = 0; c < cs.size(); c++) {
            double[] x = new double[(int) n];
            for (int t = 0; t < n; t++) {
                double s = t / rate;
                x[t] = 1e-5 * (Math.sin(2 * Math.PI * 10 * s + c) + 0.5 * Math.sin(2 * Math.PI * 3 * s * (1 + c * 0.1)))
                        + 2e-6 * r.nextGaussian();
            }
            b.addChannel(cs.get(c), x);
        }
        return b.build();
    }
}
