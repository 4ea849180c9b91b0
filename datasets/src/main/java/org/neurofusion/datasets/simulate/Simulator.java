package org.neurofusion.datasets.simulate;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.ClockMap;
import org.neurofusion.datasets.RecordingKey;

/**
 * The physiological multimodal simulator: paired EEG and fNIRS, and on request MEG and fMRI, of simulated subjects
 * from one shared latent model per subject (see {@link LatentActivity}), with events and ground truth. The EEG and
 * MEG project the same current dipoles ({@link CorticalSources}); the fNIRS and the BOLD images follow the same
 * haemodynamic responses. A real MEG and fMRI cannot be recorded at the same time; here they are paired through
 * the shared latent model, on the EEG's clock. Deterministic: a subject depends only on
 * the configuration and its index, so the same seed gives identical arrays, and subjects can be generated in any
 * order or in parallel.
 */
public final class Simulator {
    /** Format name of the simulated recordings. */
    public static final String FORMAT = "simulated";

    private Simulator() {
    }

    /** Subject {@code index} (0-based; its label is index + 1) of the configuration: EEG and fNIRS. */
    public static SimulatedSubject subject(SimulationConfig c, int index) {
        return subject(c, index, EnumSet.of(Modality.EEG, Modality.FNIRS));
    }

    /**
     * Subject {@code index} with the MEG and the fMRI too when {@code modalities} names them (the EEG and fNIRS are
     * always simulated: their draws come first and shape the shared state). Adding MEG or fMRI changes no EEG or
     * fNIRS sample: they draw from streams of their own.
     */
    public static SimulatedSubject subject(SimulationConfig c, int index, Set<Modality> modalities) {
        if (index < 0 || index >= c.subjects()) {
            throw new IllegalArgumentException("subject index " + index + " is outside 0.." + (c.subjects() - 1));
        }
        SubjectModel m = new SubjectModel(c, index);
        Extras extras = new Extras(modalities.contains(Modality.MEG) ? new MegHelmet(c.headRadius()) : null,
                modalities.contains(Modality.FMRI) ? new BoldAtlas(c, m) : null);
        List<SimulatedRun> runs = new ArrayList<>();
        int r = 0;
        for (SimulatedTask task : c.tasks()) {
            for (int s = 0; s < c.sessionsPerTask(); s++, r++) {
                Protocol.Schedule schedule = Protocol.session(c, task, random(c.seed(), index, r, 1));
                runs.add(run(c, m, extras, r, new RecordingKey(m.id, "", task.label(), Integer.toString(s + 1)),
                        schedule));
            }
        }
        if (c.restingRunSeconds() > 0) {
            runs.add(run(c, m, extras, r, new RecordingKey(m.id, "", "rest", "1"), Protocol.resting(c)));
        }
        Map<String, SensorPosition> sources = new LinkedHashMap<>();
        m.sources.forEach(s -> sources.put(s.name(), SphericalHead.pos(s.position())));
        Map<String, Map<String, Double>> sensitivity = new LinkedHashMap<>();
        for (int p = 0; p < m.probe.pairs().size(); p++) {
            Map<String, Double> w = new LinkedHashMap<>();
            for (int k = 0; k < m.sources.size(); k++) {
                w.put(m.sources.get(k).name(), m.sensitivity[p][k]);
            }
            sensitivity.put(m.probe.pairs().get(p).optical(FnirsProbe.WAVELENGTHS[0]).pairName(), w);
        }
        Optional<SimulatedAtlas> atlas = Optional.ofNullable(extras.atlas()).map(a -> new SimulatedAtlas(
                a.header(0, 0, "neurofusion simulated atlas"), a.labels, a.labelNames()));
        return new SimulatedSubject(m.id, m.participant, m.fnirsClock, runs, sources, sensitivity, atlas);
    }

    /** What a subject has beyond EEG and fNIRS: its MEG helmet and its fMRI atlas, each null when not simulated. */
    private record Extras(MegHelmet helmet, BoldAtlas atlas) {
    }

    /** All subjects of the configuration, in order. */
    public static List<SimulatedSubject> subjects(SimulationConfig c) {
        List<SimulatedSubject> out = new ArrayList<>();
        for (int i = 0; i < c.subjects(); i++) {
            out.add(subject(c, i));
        }
        return out;
    }

    private static SimulatedRun run(SimulationConfig c, SubjectModel m, Extras extras, int r, RecordingKey key,
            Protocol.Schedule schedule) {
        LatentActivity lat = new LatentActivity(c, m, schedule, random(c.seed(), m.index, r, 2));
        double duration = schedule.duration();
        List<Annotation> events = new ArrayList<>();
        for (Protocol.Trial t : schedule.trials()) {
            events.add(new Annotation(t.onset(), c.taskSeconds(), t.condition()));
        }
        ClockMap clock = m.fnirsClock;
        // Device triggers: the trials, or in a resting run (which has none) a sync pulse, as labs
        // send to synchronise devices (every 10 s); both devices stamp them, so the clocks can be aligned in every run.
        List<Annotation> triggers = new ArrayList<>(events);
        if (events.isEmpty()) {
            for (double t = 5; t < duration - 5; t += 10) {
                triggers.add(new Annotation(t, 0, "sync"));
            }
        }
        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 9, 0).plusDays(m.index).plusMinutes(30L * r);

        // The dipoles and then the EEG's artefacts draw from one stream, in that order, as before MEG existed.
        SplittableRandom eegStream = random(c.seed(), m.index, r, 3);
        CorticalSources dipoles = CorticalSources.draw(c, m, lat, duration, eegStream);
        EegSynthesis.Result e = EegSynthesis.generate(c, m, dipoles, eegStream);
        InMemoryRecording.Builder eb = header(InMemoryRecording.builder(), c, m, key).optStart(start);
        for (int i = 0; i < e.channels().size(); i++) {
            eb.addChannel(e.channels().get(i), e.data()[i]);
        }
        triggers.forEach(eb::addAnnotation);

        FnirsSynthesis.Result f = FnirsSynthesis.generate(c, m, lat, duration, random(c.seed(), m.index, r, 4));
        InMemoryRecording.Builder fb = header(InMemoryRecording.builder(), c, m, key)
                .optStart(start.plusNanos(Math.round(clock.offset() * 1e9)));
        for (int i = 0; i < f.channels().size(); i++) {
            fb.addChannel(f.channels().get(i), f.data()[i]);
        }
        for (Annotation a : triggers) {
            // The fNIRS device stamps each trigger on its own clock.
            fb.addAnnotation(new Annotation(clock.fromReference(a.onset()), a.duration() / (1 + clock.drift()),
                    a.description()));
        }
        Optional<InMemoryRecording> meg = Optional.empty();
        if (extras.helmet() != null) {
            // The MEG shares the EEG's dipoles, rate and clock; its noise has a stream of its own (5).
            MegSynthesis.Result g = MegSynthesis.generate(extras.helmet(), dipoles, random(c.seed(), m.index, r, 5));
            InMemoryRecording.Builder gb = header(InMemoryRecording.builder(), c, m, key).optStart(start)
                    .optHeader("line_freq", Double.toString(c.lineFrequency()));
            for (int i = 0; i < g.channels().size(); i++) {
                gb.addChannel(g.channels().get(i), g.data()[i]);
            }
            triggers.forEach(gb::addAnnotation);
            meg = Optional.of(gb.build());
        }
        Optional<SimulatedBold> bold = extras.atlas() == null ? Optional.empty() : Optional.of(BoldSynthesis.generate(
                c, m, extras.atlas(), lat, duration, random(c.seed(), m.index, r, 6)));
        return new SimulatedRun(key, eb.build(), fb.build(), events, clock, groundTruth(c, m, lat, duration, key), meg,
                bold);
    }

    private static InMemoryRecording.Builder header(InMemoryRecording.Builder b, SimulationConfig c, SubjectModel m,
            RecordingKey key) {
        return b.setFormat(FORMAT).optHeader("subject", m.id).optHeader("task", key.task())
                .optHeader("run", key.run()).optHeader("seed", Long.toString(c.seed()))
                .optHeader("equipment", "neurofusion physiological simulator");
    }

    private static InMemoryRecording groundTruth(SimulationConfig c, SubjectModel m, LatentActivity lat,
            double duration, RecordingKey key) {
        double fs = c.groundTruthRate();
        int n = (int) Math.round(duration * fs);
        InMemoryRecording.Builder b = header(InMemoryRecording.builder(), c, m, key).setFormat(FORMAT + "-truth");
        for (int k = 0; k < m.sources.size(); k++) {
            String name = m.sources.get(k).name();
            double[][] series = {lat.task[k], lat.activation[k], lat.eegDrive[k], lat.rhythmPower[k], lat.hbo[k],
                lat.hbr[k]};
            String[] what = {"task", "activation", "eeg_drive", "band_power", "hbo", "hbr"};
            for (int j = 0; j < series.length; j++) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    y[i] = lat.at(series[j], i / fs);
                }
                String unit = j >= 4 ? "mol/L" : "AU";
                b.addChannel(new Channel(name + " " + what[j], ChannelType.MISC, unit, fs, n,
                        java.util.Optional.of(SphericalHead.pos(m.sources.get(k).position())), Map.of()), y);
            }
        }
        return b.build();
    }

    /**
     * The random stream of one component ({@code stream}) of one run ({@code run}, −1 for the subject's model) of
     * one subject: independent streams, so that changing one part of the model leaves the others' draws alone.
     */
    static SplittableRandom random(long seed, int subject, int run, int stream) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = Long.rotateLeft(h ^ (subject + 1L) * 0xBF58476D1CE4E5B9L, 27);
        h = Long.rotateLeft(h ^ (run + 2L) * 0x94D049BB133111EBL, 31);
        h ^= (stream + 3L) * 0xD6E8FEB86659FD93L;
        return new SplittableRandom(h);
    }

    /** Label of subject {@code index}: 01, 02, ... */
    public static String subjectLabel(int index) {
        return String.format(Locale.ROOT, "%02d", index + 1);
    }
}
