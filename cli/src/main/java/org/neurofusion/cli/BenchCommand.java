package org.neurofusion.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.neurofusion.benchmarks.FnirsBenchmark;
import org.neurofusion.benchmarks.IoBenchmark;
import org.neurofusion.benchmarks.MegBenchmark;
import org.neurofusion.benchmarks.SignalBenchmark;
import org.neurofusion.benchmarks.SimulationBenchmark;
import org.neurofusion.benchmarks.StoreBenchmark;
import org.neurofusion.benchmarks.TrainBenchmark;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.datasets.simulate.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code neurofusion bench}: benchmarks that print their figures (never assertions on time). The benchmarks
 * themselves live in the {@code neurofusion-benchmarks} module; this class parses the options and calls them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print their figures.",
        subcommands = {BenchCommand.Io.class, BenchCommand.Fnirs.class, BenchCommand.Signal.class,
            BenchCommand.Store.class, BenchCommand.Simulate.class, BenchCommand.Train.class,
            BenchCommand.Inference.class, BenchCommand.Meg.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code neurofusion bench io}: EDF/BDF full-read throughput and random-window latency. */
    @Command(name = "io", mixinStandardHelpOptions = true,
            description = {"Writes simulated 64-channel x 256 Hz x 10 min BDF and EDF files and a 128-channel x 512 Hz"
                + " x 10 min EDF, then measures full-read throughput and 1000 random 2-s, 16-channel window reads."})
    static final class Io implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Scratch scratch;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated signals and window"
                + " positions (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed full reads per file; the best is"
                + " reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() throws IOException {
            if (repeats < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--repeats must be >= 1");
            }
            scratch.run(spec, "io", "simulated data (seed " + seed + ")",
                    (dir, out) -> new IoBenchmark(dir, seed, repeats).run(out));
            return 0;
        }
    }

    /** {@code neurofusion bench fnirs [FILE]}: open/read time and Beer-Lambert throughput. */
    @Command(name = "fnirs", mixinStandardHelpOptions = true,
            description = {"Times opening and fully reading an fNIRS recording (SNIRF file or NIRx folder), and the"
                + " optical-density + Beer-Lambert conversion on it and on a simulated hour of 100 pairs."})
    static final class Fnirs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "The recording to time (optional).")
        Path file;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed runs; the best is reported"
                + " (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (repeats < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--repeats must be >= 1");
            }
            PrintStream out = printStream(spec);
            out.println("neurofusion bench fnirs: Java " + Runtime.version() + ", " + Runtime.getRuntime()
                    .availableProcessors() + " processors");
            new FnirsBenchmark(repeats).run(Optional.ofNullable(file), out);
            out.flush();
            return 0;
        }
    }

    /** {@code neurofusion bench signal}: the EEG preprocessing chain on simulated data. */
    @Command(name = "signal", mixinStandardHelpOptions = true,
            description = {"Times MNE's default band-pass 1-40 Hz, a 50 Hz notch and resampling to 250 Hz on simulated"
                + " channels (default 64 x 1 h at 1000 Hz, about 1.8 GB: give the JVM -Xmx4g through JAVA_OPTS),"
                + " on one thread and on every core."})
    static final class Signal implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--channels", defaultValue = "64", description = "Channels (default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--seconds", defaultValue = "3600", description = "Seconds of data (default:"
                + " ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--rate", defaultValue = "1000", description = "Sampling rate in Hz (default:"
                + " ${DEFAULT-VALUE}).")
        double rate;

        @Override
        public Integer call() {
            if (channels < 1 || !(seconds > 0) || !(rate > 500)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "need channels >= 1, seconds > 0 and a rate above 500 Hz (the chain resamples to 250 Hz)");
            }
            PrintStream out = printStream(spec);
            SignalBenchmark.run(out, channels, seconds, rate);
            out.flush();
            return 0;
        }
    }

    /** {@code neurofusion bench store}: window-store build and read figures. */
    @Command(name = "store", mixinStandardHelpOptions = true,
            description = {"Builds a window store of simulated trials (10 subjects x 3 sessions of EEG 30 ch at 200 Hz"
                + " + fNIRS 36 ch at 10 Hz) and prints build time, size, read throughput and peak heap."})
    static final class Store implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintStream out = printStream(spec);
            StoreBenchmark.run(out);
            out.flush();
            return 0;
        }
    }

    /** {@code neurofusion bench simulate}: in-memory generation time of the simulated study. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Times generating the default simulated study in memory (10 subjects x 3 sessions of each"
                + " task plus a resting run; EEG 200 Hz on 30 channels + 2 EOG, fNIRS 10 Hz on 36 long + 15 short"
                + " pairs), subjects in parallel."})
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--subjects", description = "Subjects to generate (default: the study's, 10).")
        Integer subjects;

        @Option(names = "--threads", description = "Subjects generated at once (default: every core).")
        Integer threads;

        @Override
        public Integer call() {
            if ((subjects != null && subjects < 1) || (threads != null && threads < 1)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--subjects and --threads must be >= 1");
            }
            SimulationConfig config = SimulationConfig.defaults();
            if (subjects != null) {
                config = config.toBuilder().optSubjects(subjects).build();
            }
            PrintStream out = printStream(spec);
            SimulationBenchmark.run(config, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                    out);
            out.flush();
            return 0;
        }
    }

    /** {@code neurofusion bench train}: the contrastive training step on DJL and on the plain-PyTorch twin. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Times the contrastive pre-training step of the default EEG + fNIRS configuration (tiny"
                + " encoders, EEG 30 ch x 4 s at 100 Hz, fNIRS 72 ch x 10 s at 10 Hz, projection 64) on the CPU, then"
                + " the same step of the same model in plain PyTorch (tools/reference/alignment_twin.py on"
                + " /usr/bin/python3 with python3-torch, same threads, same starting weights and batch), and prints"
                + " windows/s, ms/step (median, p90), peak RSS and parameters of each, and their ratio.",
                "Then times the teacher's and the EEG-only student's training steps (neurofusion fuse and distil;"
                + " fine-tuned encoders, the student's step including the teacher's forward pass) on DJL."})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads of both sides (default:"
                + " ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--steps", defaultValue = "30", description = "Timed steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps first (default:"
                + " ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--batch", defaultValue = "32", description = "Windows per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights and the synthetic batch"
                + " (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            TrainBenchmark.Settings settings;
            try {
                settings = new TrainBenchmark.Settings(threads, steps, warmup, batch, seed);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintStream out = printStream(spec);
            out.println("neurofusion bench train: Java " + Runtime.version() + ", " + Runtime.getRuntime()
                    .availableProcessors() + " processors");
            TrainBenchmark.print(TrainBenchmark.run(settings), out);
            org.neurofusion.fusion.bench.FusionStepBenchmark.print(
                    org.neurofusion.fusion.bench.FusionStepBenchmark.run(steps, warmup, batch, seed), batch, out);
            out.flush();
            return 0;
        }
    }

    /** {@code neurofusion bench inference}: load time, single-window latency and batch throughput of a model. */
    @Command(name = "inference", mixinStandardHelpOptions = true,
            description = {"Loads an exported model (neurofusion export) and prints one JSON object: load_ms (read,"
                + " verify, build), p50_ms and p99_ms of single windows (batch 1, as a stream decodes),"
                + " batch64_windows_per_s, device, parameters. The windows are synthetic, with the model's channels"
                + " and length."})
    static final class Inference implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "An exported model.")
        Path model;

        @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu", description = "Where the network"
                + " runs (default: ${DEFAULT-VALUE}; gpu needs a CUDA libtorch, docs/inference.md).")
        String device;

        @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--windows", defaultValue = "1000", description = "Timed single windows (default:"
                + " ${DEFAULT-VALUE}).")
        int windows;

        @Option(names = "--batches", defaultValue = "20", description = "Timed batches of 64 (default:"
                + " ${DEFAULT-VALUE}).")
        int batches;

        @Option(names = "--warmup", defaultValue = "1000", description = "Untimed single windows first, for the JIT"
                + " (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            ai.djl.Device d = switch (device) {
                case "cpu" -> ai.djl.Device.cpu();
                case "gpu" -> {
                    if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
                        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--device gpu: the"
                                + " engine sees no GPU");
                    }
                    yield ai.djl.Device.gpu();
                }
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--device must be"
                        + " cpu or gpu, got " + device);
            };
            var o = org.neurofusion.benchmarks.InferenceBenchmark.run(model, d, threads, windows, warmup, batches, 1);
            spec.commandLine().getOut().println(o.toString());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code neurofusion bench meg}: FIF full-read throughput and NIfTI parcel extraction time. */
    @Command(name = "meg", mixinStandardHelpOptions = true,
            description = {"Writes a raw FIF file (default 306 channels x 1000 Hz x 60 s, float32) and times full reads"
                + " (MB/s, channel-samples/s); writes a 4-D float32 image (default 64 x 64 x 40 x 300) as .nii.gz and .nii"
                + " with a 400-parcel label image and times parcel extraction end to end on each."})
    static final class Meg implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Scratch scratch;

        @Option(names = "--channels", defaultValue = "306", description = "FIF channels (default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--seconds", defaultValue = "60", description = "FIF seconds at 1000 Hz (default:"
                + " ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--shape", defaultValue = "64,64,40", split = ",", paramLabel = "X,Y,Z",
                description = "Voxels of one volume (default: ${DEFAULT-VALUE}).")
        int[] shape;

        @Option(names = "--volumes", defaultValue = "300", description = "Volumes (default: ${DEFAULT-VALUE}).")
        int volumes;

        @Option(names = "--parcels", defaultValue = "400", description = "Parcels (default: ${DEFAULT-VALUE}).")
        int parcels;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs of each; the best is reported"
                + " (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() throws IOException {
            MegBenchmark.Settings settings;
            try {
                if (shape.length != 3) {
                    throw new IllegalArgumentException("--shape takes three sizes, X,Y,Z");
                }
                settings = new MegBenchmark.Settings(channels, 1000, seconds, shape[0], shape[1], shape[2], volumes,
                        parcels, repeats);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            MegBenchmark.Settings chosen = settings;
            scratch.run(spec, "meg", "generated data", (dir, out) -> MegBenchmark.run(chosen, dir, out));
            return 0;
        }
    }

    /**
     * {@code --scratch}: where a benchmark writes the files it generates; by default a temporary folder, removed
     * afterwards. {@link #run} prints the benchmark's header line (Java version, processors, what data) first.
     */
    static final class Scratch {
        @Option(names = "--scratch", description = "Folder for the generated files (default: a temporary folder,"
                + " removed afterwards).")
        Path folder;

        /** A benchmark writing into {@code dir} and printing to {@code out}. */
        @FunctionalInterface
        interface Body {
            void run(Path dir, PrintStream out) throws IOException;
        }

        void run(CommandSpec spec, String name, String data, Body body) throws IOException {
            boolean temporary = folder == null;
            Path dir = temporary ? Files.createTempDirectory("neurofusion-bench") : folder;
            PrintStream out = printStream(spec);
            try {
                out.println("neurofusion bench " + name + ": Java " + Runtime.version() + ", "
                        + Runtime.getRuntime().availableProcessors() + " processors, " + data);
                body.run(dir, out);
            } finally {
                out.flush();
                if (temporary) {
                    AtomicFiles.deleteTree(dir);
                }
            }
        }
    }

    /** A PrintStream onto picocli's writer, so benchmarks print where the command line (and tests) capture. */
    static PrintStream printStream(CommandSpec spec) {
        return new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true, StandardCharsets.UTF_8);
    }

    /** Lets the benchmark print through picocli's writer (so tests can capture it). */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final java.io.PrintWriter w;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(java.io.PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            w.print(line.toString(StandardCharsets.UTF_8));
            w.flush();
            line.reset();
        }
    }
}
