package org.neurofusion.datasets;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelSubset;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.signal.Pipeline;
import org.neurofusion.modalities.signal.Preprocessor;
import org.neurofusion.modalities.signal.Resample;

/**
 * Cuts a {@link PairedRecording} into {@link PairedWindow}s by a {@link WindowingSpec}: each modality's
 * channels are preprocessed once (its pipeline, then resampling), and every window is placed on that
 * modality's own clock (reference time mapped through its {@link ClockMap}) and own rate. Every part of the spec
 * that applies to the run (its task and run filters) is cut, in order, from the same preprocessed channels. A
 * trial whose window leaves the data in any modality is dropped whole and reported. A modality of the spec that the
 * run was not recorded with (a dataset where only some runs have MEG or fMRI) is left out of that run's windows,
 * which a window store records as absent for them; a run with none of the spec's modalities is refused.
 */
public final class PairedWindows {
    private PairedWindows() {
    }

    /**
     * The windows, the events or positions that could not be cut with the reason, and what each part of the spec
     * gave (one count per part, zero for a part that does not apply to the run).
     */
    public record Result(List<PairedWindow> windows, List<String> dropped, List<PartCount> parts) {
        public Result {
            windows = List.copyOf(windows);
            dropped = List.copyOf(dropped);
            parts = List.copyOf(parts);
        }
    }

    /** What one part of a spec gave: labelled and unlabelled windows cut, and trials or positions dropped. */
    public record PartCount(int labelled, int unlabelled, int dropped) {
        public PartCount {
            if (labelled < 0 || unlabelled < 0 || dropped < 0) {
                throw new IllegalArgumentException("counts must be non-negative");
            }
        }

        /** Nothing cut. */
        public static final PartCount NONE = new PartCount(0, 0, 0);

        /** The windows cut, labelled or not. */
        public int windows() {
            return labelled + unlabelled;
        }

        /** The sum of two counts, e.g. over runs. */
        public PartCount plus(PartCount o) {
            return new PartCount(labelled + o.labelled, unlabelled + o.unlabelled, dropped + o.dropped);
        }
    }

    /** Cuts every window the spec asks for: every part that applies to the run, in order, concatenated. */
    public static Result cut(PairedRecording pr, WindowingSpec spec) {
        List<Integer> applying = spec.partsFor(pr.key());
        List<PartCount> counts = new ArrayList<>(java.util.Collections.nCopies(spec.parts().size(), PartCount.NONE));
        if (applying.isEmpty()) {
            return new Result(List.of(), List.of(), counts); // nothing to prepare for a run no part wants
        }
        List<ModalityWindow> present = spec.modalities().values().stream()
                .filter(w -> pr.recordings().containsKey(w.modality())).toList();
        if (present.isEmpty()) {
            throw new IllegalArgumentException(pr.key() + " has none of the windowing spec's modalities "
                    + spec.modalities().keySet() + " (it has " + pr.recordings().keySet() + ")");
        }
        Map<Modality, Recording> prepared = new EnumMap<>(Modality.class);
        Map<Modality, int[]> channels = new EnumMap<>(Modality.class);
        for (ModalityWindow w : present) {
            Recording r = prepare(pr, w);
            prepared.put(w.modality(), r);
            channels.put(w.modality(), channelsOf(r, w.modality(), pr.key()));
        }
        List<PairedWindow> out = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int p : applying) {
            int windowsBefore = out.size();
            int droppedBefore = dropped.size();
            cutPart(pr, present, spec.parts().get(p), prepared, channels, out, dropped);
            int n = out.size() - windowsBefore;
            boolean labelled = spec.parts().get(p).labelled();
            counts.set(p, new PartCount(labelled ? n : 0, labelled ? 0 : n, dropped.size() - droppedBefore));
        }
        return new Result(out, dropped, counts);
    }

    /** Cuts one part's windows into {@code out}, and what could not be cut into {@code dropped}. */
    private static void cutPart(PairedRecording pr, List<ModalityWindow> modalities, WindowingSpec.Part part,
            Map<Modality, Recording> prepared, Map<Modality, int[]> channels, List<PairedWindow> out,
            List<String> dropped) {
        boolean sliding = part.mode() == WindowingSpec.Mode.SLIDING;
        List<double[]> starts = new ArrayList<>(); // {reference time, label or -1}
        List<String> descriptions = new ArrayList<>();
        if (sliding) {
            double end = Double.POSITIVE_INFINITY;
            double begin = Double.NEGATIVE_INFINITY;
            for (ModalityWindow w : modalities) {
                Recording r = prepared.get(w.modality());
                ClockMap c = pr.clocks().get(w.modality());
                double dur = r.channels().get(channels.get(w.modality())[0]).durationSeconds();
                begin = Math.max(begin, c.toReference(0) - w.offset());
                end = Math.min(end, c.toReference(dur) - w.offset() - w.length());
            }
            for (double t = Math.max(0, begin); t <= end + 1e-9; t += part.stride()) {
                starts.add(new double[] {t, -1});
                descriptions.add("");
            }
        } else {
            for (Annotation a : pr.events()) {
                Integer label = part.labels().get(a.description());
                if (label != null) {
                    starts.add(new double[] {a.onset(), part.withholdLabels() ? -1 : label});
                    descriptions.add(a.description());
                }
            }
        }
        for (int k = 0; k < starts.size(); k++) {
            double t = starts.get(k)[0];
            Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
            Map<Modality, List<Channel>> chans = new EnumMap<>(Modality.class);
            Map<Modality, Extent> extents = new EnumMap<>(Modality.class);
            String problem = null;
            for (ModalityWindow w : modalities) {
                Recording r = prepared.get(w.modality());
                int[] idx = channels.get(w.modality());
                Channel c0 = r.channels().get(idx[0]);
                double rate = c0.samplingRate();
                double devStart = pr.clocks().get(w.modality()).fromReference(t) + w.offset();
                long first = Math.round(devStart * rate);
                int n = (int) Math.round(w.length() * rate);
                if (first < 0 || first + n > c0.sampleCount()) {
                    problem = w.modality() + " window " + devStart + " to " + (devStart + w.length())
                            + " s leaves its data (0 to " + c0.durationSeconds() + " s)";
                    break;
                }
                SignalBlock block = r.read(idx, first, n);
                blocks.put(w.modality(), block);
                // Where the samples really lie on the reference clock: rounding, offset and clock map included.
                extents.put(w.modality(), Extent.of(pr.clocks().get(w.modality()), block));
                List<Channel> cl = new ArrayList<>();
                for (int i : idx) {
                    cl.add(r.channels().get(i));
                }
                chans.put(w.modality(), cl);
            }
            if (problem != null) {
                dropped.add(pr.key() + (sliding ? " window at " : " event '" + descriptions.get(k) + "' at ")
                        + t + " s: " + problem);
                continue;
            }
            int label = (int) starts.get(k)[1];
            out.add(new PairedWindow(blocks, chans, label < 0 ? OptionalInt.empty() : OptionalInt.of(label), pr.key(),
                    t, extents));
        }
    }

    private static Recording prepare(PairedRecording pr, ModalityWindow w) {
        Recording r = pr.recording(w.modality());
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < r.channels().size(); i++) {
            if (r.channels().get(i).type().modality() == w.modality()) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            throw new IllegalArgumentException(pr.key() + ": the " + w.modality() + " recording has no "
                    + w.modality() + " channels");
        }
        // A lazy selection: the first step (or, with none, the window reads) reads the file directly.
        Recording sel = ChannelSubset.of(r, idx.stream().mapToInt(Integer::intValue).toArray());
        List<Preprocessor> steps = new ArrayList<>(w.pipeline().steps());
        if (!Double.isNaN(w.rate())) {
            steps.add(new Resample(w.rate()));
        }
        return new Pipeline(steps).apply(sel);
    }

    private static int[] channelsOf(Recording r, Modality m, RecordingKey key) {
        List<Integer> idx = new ArrayList<>();
        double rate = Double.NaN;
        for (int i = 0; i < r.channels().size(); i++) {
            Channel c = r.channels().get(i);
            if (c.type().modality() != m) {
                continue;
            }
            if (Double.isNaN(rate)) {
                rate = c.samplingRate();
            } else if (c.samplingRate() != rate) {
                throw new IllegalArgumentException(key + ": " + m + " channels have different rates (" + rate + " and "
                        + c.samplingRate() + " Hz); give the modality a 'rate' in the spec");
            }
            idx.add(i);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }
}
