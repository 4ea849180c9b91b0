package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.neurofusion.core.Recording;
import org.neurofusion.inference.BrainDecoder;
import org.neurofusion.inference.PredictionCsv;
import org.neurofusion.inference.StreamDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurofusion stream}: real-time decoding of a recording replayed as an amplifier would deliver it. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Replays FILE in chunks (--chunk seconds of samples each) at --speed times real time (0: as fast"
            + " as possible) through a live decoder: the model's preprocessing runs on each chunk as it arrives, and"
            + " every window is decoded the moment its last sample has come. Prints the predictions as CSV (the"
            + " columns of neurofusion predict, the same rows on the same windows) and, at the end, the latency from"
            + " the arrival of a window's last chunk to its prediction (p50, p90, p99, max) on standard error.",
            "The model's preprocessing must be streamable (causal_filter, decimate); a model trained on zero-phase"
            + " filters is refused (decode its files with predict)."})
final class StreamCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "An exported model.")
    Path model;

    @Option(names = "--replay", required = true, paramLabel = "FILE", description = "The recording to replay.")
    Path replay;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X", description = "Replay speed: 1 is real time, 0"
            + " as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--chunk", defaultValue = "0.04", paramLabel = "SECONDS", description = "Samples per chunk, as"
            + " seconds of recording (default: ${DEFAULT-VALUE}, a typical amplifier block).")
    double chunkSeconds;

    @Option(names = "--stride", paramLabel = "SECONDS", description = "Stride between windows (default: the"
            + " model's contract).")
    Double stride;

    @Option(names = "--calibration", paramLabel = "FILE", description = "A recording of the same subject with the"
            + " same cap, for a model trained on EEG aligned per subject (a resting-state recording made before the"
            + " session; for a model aligned on all of each subject's windows, the subject's own data, which in a"
            + " live session means a recording made before it). Required by such a model, refused by any other.")
    Path calibration;

    @Option(names = "--warmup", defaultValue = "500", paramLabel = "N", description = "Synthetic windows decoded"
            + " before the replay starts, so that the JIT has compiled the decoder when the first real window comes"
            + " (default: ${DEFAULT-VALUE}; 0 for none).")
    int warmup;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    private final Function<Path, Recording> opener;

    StreamCommand(Function<Path, Recording> opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() throws InterruptedException {
        var cl = spec.commandLine();
        if (!(speed >= 0) || !Double.isFinite(speed)) {
            throw new ParameterException(cl, "--speed must be 0 or positive, got " + speed);
        }
        if (!(chunkSeconds > 0)) {
            throw new ParameterException(cl, "--chunk must be positive, got " + chunkSeconds);
        }
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        try (BrainDecoder d = BrainDecoder.load(model, device.resolve(), 1); Recording r = opener.apply(replay)) {
            // an amplifier stream has one clock: the channels at the rate of the model's modality travel in it
            org.neurofusion.core.Modality m = org.neurofusion.core.Modality.parse(d.contract().modality());
            double rate = r.channels().stream().filter(c -> c.type().modality() == m).mapToDouble(
                    org.neurofusion.core.Channel::samplingRate).findFirst().orElseThrow(() -> new ParameterException(
                    cl, replay + " has no " + d.contract().modality() + " channels"));
            int[] keep = java.util.stream.IntStream.range(0, r.channels().size())
                    .filter(i -> r.channels().get(i).samplingRate() == rate).toArray();
            List<org.neurofusion.core.Channel> dev = Arrays.stream(keep).mapToObj(i -> r.channels().get(i)).toList();
            StreamDecoder s = new StreamDecoder(d, dev, replay.toString(), stride == null ? Double.NaN : stride,
                    null, PredictCommand.calibrate(d, calibration, opener, cl));
            if (warmup > 0) {
                long w0 = System.nanoTime();
                d.warmUp(warmup);
                err.printf(Locale.ROOT, "warmed up on %d synthetic windows (%.1f s)%n", warmup,
                        (System.nanoTime() - w0) / 1e9);
            }
            List<String> labels = d.contract().labels();
            out.println(PredictionCsv.header(labels));
            int chunk = (int) Math.max(1, Math.round(chunkSeconds * rate));
            long total = r.channels().get(keep[0]).sampleCount();
            List<Long> latencies = new ArrayList<>();
            long start = System.nanoTime();
            for (long t = 0; t < total; t += chunk) {
                int len = (int) Math.min(chunk, total - t);
                if (speed > 0) {
                    // the amplifier delivers a chunk once its last sample has been recorded
                    long due = start + Math.round((t + len) / rate / speed * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                double[][] rows = new double[keep.length][len];
                for (int c = 0; c < rows.length; c++) {
                    r.read(keep[c], t, rows[c], 0, len);
                }
                for (StreamDecoder.Timed x : s.push(rows)) {
                    out.println(PredictionCsv.row(x.prediction(), labels));
                    out.flush();
                    latencies.add(x.latencyNanos());
                }
            }
            s.skipped().forEach(x -> err.println("skipped " + x));
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            if (l.length == 0) {
                err.println(replay + ": no window completed (the recording is shorter than one window)");
            } else {
                err.printf(Locale.ROOT, "%s: %d windows in chunks of %d samples, %s; latency from a"
                        + " window's last chunk to its prediction p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        replay, l.length, chunk, speed == 0 ? "unpaced" : speed + " x real time", ms(l, 0.5),
                        ms(l, 0.9), ms(l, 0.99), l[l.length - 1] / 1e6);
            }
        }
        return 0;
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
