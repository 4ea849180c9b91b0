package org.neurofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.bids.BidsWriter;
import org.neurofusion.datasets.simulate.SimulatedRun;
import org.neurofusion.datasets.simulate.SimulatedSubject;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.Simulator;
import org.neurofusion.modalities.io.NpyWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion simulate}: writes a simulated paired EEG–fNIRS cohort as a BIDS dataset in real formats
 * (EEG as BDF or EDF, fNIRS as SNIRF with raw intensities), one subject at a time, with the ground truth under
 * {@code derivatives/neurofusion-simulation/}. Simulated data, labelled as such in the dataset description.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulates paired EEG-fNIRS subjects (Shin 2017 protocol) and writes them as a BIDS dataset."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--subjects", defaultValue = "10", description = "Subjects (default: ${DEFAULT-VALUE}).")
    int subjects;

    @Option(names = "--tasks", split = ",", defaultValue = "mi,ma", description = "mi (motor imagery), ma (mental"
            + " arithmetic); default: ${DEFAULT-VALUE}.")
    List<String> tasks;

    @Option(names = "--modalities", split = ",", defaultValue = "eeg,fnirs", description = "eeg, fnirs (MEG and fMRI"
            + " join with their readers); default: ${DEFAULT-VALUE}.")
    List<String> modalities;

    @Option(names = "--seed", defaultValue = "42", description = "Seed: the same seed writes the same data.")
    long seed;

    @Option(names = "--sessions", defaultValue = "3", description = "Sessions per task (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--trials", defaultValue = "20", description = "Trials per session (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--resting-seconds", defaultValue = "180", description = "Length of each subject's resting run"
            + " in seconds, 0 for none (default: ${DEFAULT-VALUE}).")
    double resting;

    @Option(names = "--eeg-format", defaultValue = "bdf", description = "bdf or edf (default: ${DEFAULT-VALUE}).")
    String eegFormat;

    @Option(names = "--set", paramLabel = "KNOB=VALUE", description = "Sets any SimulationConfig parameter by name,"
            + " e.g. --set erdDepth=0.3 --set hboAmplitude=2e-7 (repeatable; see the README's simulator section).")
    List<String> knobs;

    @Option(names = "--out", required = true, description = "The dataset folder to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SimulationConfig config = config();
        boolean eeg = modalities.contains("eeg");
        boolean fnirs = modalities.contains("fnirs");
        for (String m : modalities) {
            if (!m.equals("eeg") && !m.equals("fnirs")) {
                throw new ParameterException(spec.commandLine(), "modality '" + m + "' cannot be simulated yet;"
                        + " choose from eeg, fnirs");
            }
        }
        if (!eegFormat.equals("bdf") && !eegFormat.equals("edf")) {
            throw new ParameterException(spec.commandLine(), "--eeg-format must be bdf or edf (no BrainVision writer"
                    + " exists yet), got '" + eegFormat + "'");
        }
        BidsWriter writer = BidsWriter.builder().setName("neurofusion simulated EEG-fNIRS cohort (SIMULATED DATA)")
                .optAuthors(List.of("neurofusion simulator"))
                .optPowerLineFrequency(config.lineFrequency()).optEegExtension("." + eegFormat)
                .optReadme("SIMULATED DATA written by `neurofusion simulate` (seed " + seed + ", " + subjects
                        + " subjects, tasks " + tasks + ").\nNo human took part. The generative model and the ground"
                        + " truth are under derivatives/neurofusion-simulation/.\n")
                .build();
        Map<String, Map<String, String>> participants = new TreeMap<>();
        var o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        // Subjects are independent (each draws from its own seeded streams): generate the next ones on other
        // cores while this one is written, keeping at most `ahead` subjects in memory.
        int ahead = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 2));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(ahead, r -> {
            Thread t = new Thread(r, "simulate");
            t.setDaemon(true);
            return t;
        });
        List<java.util.concurrent.Future<SimulatedSubject>> futures = new ArrayList<>();
        for (int s = 0; s < Math.min(ahead, subjects); s++) {
            int index = s;
            futures.add(pool.submit(() -> Simulator.subject(config, index)));
        }
        try {
            for (int s = 0; s < subjects; s++) {
                SimulatedSubject subject = await(futures.get(s));
                futures.set(s, null);
                if (s + ahead < subjects) {
                    int index = s + ahead;
                    futures.add(pool.submit(() -> Simulator.subject(config, index)));
                }
                write(writer, subject, participants, eeg, fnirs);
                o.printf(Locale.ROOT, "subject %s: %d runs written (%.1f s)%n", subject.id(), subject.runs().size(),
                        (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            pool.shutdownNow();
        }
        o.printf(Locale.ROOT, "wrote %s: %d subjects, SIMULATED DATA, in %.1f s%n", out, subjects,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static SimulatedSubject await(java.util.concurrent.Future<SimulatedSubject> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void write(BidsWriter writer, SimulatedSubject subject, Map<String, Map<String, String>> participants,
            boolean eeg, boolean fnirs) {
        participants.put(subject.id(), subject.participant());
        List<BidsWriter.Entry> entries = new ArrayList<>();
        for (SimulatedRun run : subject.runs()) {
            if (eeg) {
                entries.add(new BidsWriter.Entry(run.key(), Modality.EEG, run.eeg()));
            }
            if (fnirs) {
                entries.add(new BidsWriter.Entry(run.key(), Modality.FNIRS, run.fnirs()));
            }
            writeTruth(subject, run);
        }
        writer.write(out, entries, participants);
    }

    private SimulationConfig config() {
        List<SimulatedTask> ts = new ArrayList<>();
        for (String t : tasks) {
            ts.add(switch (t) {
                case "mi" -> SimulatedTask.MOTOR_IMAGERY;
                case "ma" -> SimulatedTask.MENTAL_ARITHMETIC;
                default -> throw new ParameterException(spec.commandLine(), "unknown task '" + t + "'; choose mi, ma");
            });
        }
        try {
            SimulationConfig.Builder b = SimulationConfig.builder().optSeed(seed).optSubjects(subjects).optTasks(ts)
                    .optSessionsPerTask(sessions).optTrialsPerSession(trials).optRestingRunSeconds(resting);
            if (knobs != null) {
                for (String k : knobs) {
                    set(b, k);
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Applies {@code name=value} through the builder's {@code optName} method (numbers and booleans). */
    private void set(SimulationConfig.Builder b, String knob) {
        int eq = knob.indexOf('=');
        if (eq <= 0) {
            throw new ParameterException(spec.commandLine(), "--set takes NAME=VALUE, got '" + knob + "'");
        }
        String name = knob.substring(0, eq).trim();
        String value = knob.substring(eq + 1).trim();
        String method = "opt" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (java.lang.reflect.Method m : SimulationConfig.Builder.class.getMethods()) {
            if (!m.getName().equals(method) || m.getParameterCount() != 1) {
                continue;
            }
            Class<?> t = m.getParameterTypes()[0];
            Object v;
            try {
                if (t == double.class) {
                    v = Double.parseDouble(value);
                } else if (t == int.class) {
                    v = Integer.parseInt(value);
                } else if (t == long.class) {
                    v = Long.parseLong(value);
                } else if (t == boolean.class) {
                    v = Boolean.parseBoolean(value);
                } else {
                    continue;
                }
                m.invoke(b, v);
                return;
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--set " + name + ": '" + value + "' is not a "
                        + t.getSimpleName());
            } catch (ReflectiveOperationException e) {
                if (e.getCause() instanceof IllegalArgumentException iae) {
                    throw iae;
                }
                throw new IllegalStateException(e);
            }
        }
        throw new ParameterException(spec.commandLine(), "--set: no simulation parameter named '" + name + "'");
    }

    /** Ground truth of one run: samples as .npy (sources × time) and a JSON sidecar naming them. */
    private void writeTruth(SimulatedSubject subject, SimulatedRun run) {
        Path dir = out.resolve("derivatives").resolve("neurofusion-simulation").resolve("sub-" + subject.id());
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new org.neurofusion.core.RecordingException(dir, -1, "cannot create: " + e.getMessage(), e);
        }
        String prefix = run.key() + "_desc-truth";
        var truth = run.groundTruth();
        long n = truth.channels().isEmpty() ? 0 : truth.channels().get(0).sampleCount();
        new NpyWriter().write(dir.resolve(prefix + ".npy"), truth.channels().size(), n,
                (row, column, dst, count) -> truth.read(row, column, dst, 0, count));
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = json.createObjectNode();
        meta.put("description", "Ground truth of a SIMULATED run, on the EEG clock");
        meta.put("sampling_frequency", truth.channels().isEmpty() ? 0 : truth.channels().get(0).samplingRate());
        var names = meta.putArray("rows");
        truth.channels().forEach(c -> names.add(c.name()));
        meta.put("fnirs_clock_offset_s", run.fnirsClock().offset());
        meta.put("fnirs_clock_drift", run.fnirsClock().drift());
        var src = meta.putObject("source_positions_m");
        subject.sourcePositions().forEach((k, p) -> src.putArray(k).add(p.x()).add(p.y()).add(p.z()));
        AtomicFiles.write(dir.resolve(prefix + ".json"), os -> os.write(json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(meta).getBytes(StandardCharsets.UTF_8)));
    }
}
