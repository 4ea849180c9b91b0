package org.neurofusion.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.AbstractRecording;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.modalities.fmri.NiftiDataType;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import org.neurofusion.modalities.fmri.NiftiWriter;
import org.neurofusion.modalities.fmri.Parcellation;
import org.neurofusion.modalities.meg.FifReader;
import org.neurofusion.modalities.meg.FifRecording;
import org.neurofusion.modalities.meg.FifWriter;

/**
 * Measures the MEG and fMRI readers on generated files: full-read throughput of a raw FIF file (default 306
 * channels × 1000 Hz × 60 s, float32, written by {@link FifWriter}) and end-to-end parcel extraction
 * ({@link Parcellation#parcelMeans}: open, read every voxel once, average) of a 4-D float32 image (default 64 × 64 ×
 * 40 voxels × 300 volumes) under a label image of 400 parcels, from {@code .nii.gz} and from an uncompressed
 * {@code .nii}. Wall-clock times on this machine, warm page cache, best of {@code repeats} after one untimed run.
 */
public final class MegBenchmark {
    /** The sizes to generate. */
    public record Settings(int channels, double rate, double seconds, int nx, int ny, int nz, int volumes,
            int parcels, int repeats) {
        public Settings {
            if (channels < 1 || !(rate > 0) || !(seconds > 0) || nx < 1 || ny < 1 || nz < 1 || volumes < 1
                    || parcels < 1 || repeats < 1 || (long) nx * ny * nz < parcels) {
                throw new IllegalArgumentException("need positive sizes, repeats >= 1 and at least one voxel per"
                        + " parcel");
            }
        }

        /** 306 × 1000 Hz × 60 s of MEG; 64 × 64 × 40 × 300 voxels in 400 parcels; 3 repeats. */
        public static Settings defaults() {
            return new Settings(306, 1000, 60, 64, 64, 40, 300, 400, 3);
        }
    }

    /** What one run measured. */
    public record Result(long fifBytes, double fifSeconds, double fifMegabytesPerSecond,
            double fifChannelSamplesPerSecond, long niiGzBytes, double niiGzSeconds, long niiBytes,
            double niiSeconds) {
    }

    private MegBenchmark() {
    }

    public static Result run(Settings s, Path scratch, PrintStream out) throws java.io.IOException {
        Files.createDirectories(scratch);
        Path fif = scratch.resolve("bench_meg_raw.fif");
        long samples = Math.round(s.rate() * s.seconds());
        out.printf(Locale.ROOT, "writing %d channels x %s Hz x %s s of FIF to %s ...%n", s.channels(),
                num(s.rate()), num(s.seconds()), scratch);
        FifWriter.writeFile(new Synthetic(s.channels(), s.rate(), samples), fif);
        long fifBytes = Files.size(fif);
        double fifSeconds = best(s.repeats(), () -> readAll(fif));
        double channelSamples = (double) s.channels() * samples;
        Result partial = new Result(fifBytes, fifSeconds, fifBytes / 1e6 / fifSeconds, channelSamples / fifSeconds,
                0, 0, 0, 0);
        out.printf(Locale.ROOT, "FIF full read, %d ch x %s Hz x %s s (%.1f MB): %.3f s, %.0f MB/s, %.1f M channel-samples/s%n",
                s.channels(), num(s.rate()), num(s.seconds()), fifBytes / 1e6, fifSeconds,
                partial.fifMegabytesPerSecond(), partial.fifChannelSamplesPerSecond() / 1e6);

        Path labels = scratch.resolve("bench_labels.nii");
        Path gz = scratch.resolve("bench_bold.nii.gz");
        Path nii = scratch.resolve("bench_bold.nii");
        out.printf(Locale.ROOT, "writing a %d x %d x %d x %d float32 image (.nii.gz and .nii) and %d parcels ...%n",
                s.nx(), s.ny(), s.nz(), s.volumes(), s.parcels());
        writeImages(s, labels, gz, nii);
        double gzSeconds = best(s.repeats(), () -> parcels(gz, labels, s.parcels()));
        double niiSeconds = best(s.repeats(), () -> parcels(nii, labels, s.parcels()));
        Result r = new Result(fifBytes, fifSeconds, partial.fifMegabytesPerSecond(),
                partial.fifChannelSamplesPerSecond(), Files.size(gz), gzSeconds, Files.size(nii), niiSeconds);
        long voxels = (long) s.nx() * s.ny() * s.nz() * s.volumes();
        out.printf(Locale.ROOT, "parcel means, %d parcels, .nii.gz (%.1f MB): %.3f s, %.1f M voxels/s%n", s.parcels(),
                r.niiGzBytes() / 1e6, gzSeconds, voxels / gzSeconds / 1e6);
        out.printf(Locale.ROOT, "parcel means, %d parcels, .nii (%.1f MB): %.3f s, %.1f M voxels/s%n", s.parcels(),
                r.niiBytes() / 1e6, niiSeconds, voxels / niiSeconds / 1e6);
        return r;
    }

    /** Reads every sample of every channel, float32, channel by channel in 1-s blocks. */
    private static void readAll(Path fif) {
        try (FifRecording r = FifReader.open(fif)) {
            int block = (int) Math.max(1, Math.round(r.channels().get(0).samplingRate()));
            float[] buf = new float[block];
            double sink = 0;
            for (int c = 0; c < r.channels().size(); c++) {
                long n = r.channels().get(c).sampleCount();
                for (long first = 0; first < n; first += block) {
                    int k = (int) Math.min(block, n - first);
                    r.read(c, first, buf, 0, k);
                    sink += buf[k - 1];
                }
            }
            if (Double.isNaN(sink)) {
                throw new IllegalStateException("NaN in generated data");
            }
        }
    }

    private static void parcels(Path bold, Path labels, int parcels) {
        try (NiftiImage b = NiftiReader.open(bold); NiftiImage l = NiftiReader.open(labels)) {
            InMemoryRecording r = Parcellation.parcelMeans(b, l, Map.of());
            if (r.channels().size() != parcels) {
                throw new IllegalStateException(r.channels().size() + " parcels, expected " + parcels);
            }
        }
    }

    /** Labels: slabs of consecutive voxels, parcel p covering an equal share; BOLD: label-dependent plus ripple. */
    private static void writeImages(Settings s, Path labels, Path gz, Path nii) {
        int volume = s.nx() * s.ny() * s.nz();
        NiftiHeader lh = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(s.nx(), s.ny(), s.nz())
                .optZooms(3, 3, 3).build();
        NiftiWriter.write(labels, lh, (first, dst, count) -> {
            for (int i = 0; i < count; i++) {
                dst[i] = label(first + i, volume, s.parcels());
            }
        });
        NiftiHeader bh = NiftiHeader.builder().setDatatype(NiftiDataType.FLOAT32).setShape(s.nx(), s.ny(), s.nz(),
                s.volumes()).optZooms(3, 3, 3, 2).optXyztUnits(2 + 8).build();
        NiftiWriter.VoxelSource src = (first, dst, count) -> {
            for (int i = 0; i < count; i++) {
                long v = first + i;
                int t = (int) (v / volume);
                int x = (int) (v % volume);
                dst[i] = (float) (1000 + label(x, volume, s.parcels()) + 10 * Math.sin(0.1 * t + x * 1e-3)
                        + ((x * 31 + t * 17) % 13) * 0.1);
            }
        };
        NiftiWriter.write(gz, bh, src);
        NiftiWriter.write(nii, bh, src);
    }

    private static int label(long voxel, int volume, int parcels) {
        return (int) (voxel * parcels / volume) + 1;
    }

    private static double best(int repeats, Runnable task) {
        task.run(); // warm-up: JIT and page cache
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** MEG-like channels computed on demand (a 10 Hz rhythm and a deterministic ripple), never held in memory. */
    private static final class Synthetic extends AbstractRecording {
        private final double rate;

        Synthetic(int channels, double rate, long samples) {
            super(null, "synthetic", channels(channels, rate, samples), null, List.of(), Map.of());
            this.rate = rate;
        }

        private static List<Channel> channels(int n, double rate, long samples) {
            List<Channel> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // Neuromag's triplets: one magnetometer, two planar gradiometers.
                boolean mag = i % 3 == 0;
                out.add(new Channel(String.format(Locale.ROOT, "MEG %04d", i + 1), mag ? ChannelType.MAG
                        : ChannelType.GRAD, mag ? "T" : "T/m", rate, samples));
            }
            return out;
        }

        @Override
        public void read(int channel, long first, double[] dst, int offset, int count) {
            double amp = channels().get(channel).type() == ChannelType.MAG ? 1e-12 : 1e-10;
            for (int i = 0; i < count; i++) {
                long t = first + i;
                dst[offset + i] = amp * (Math.sin(2 * Math.PI * 10 * t / rate + channel) + ((t * 7 + channel) % 11)
                        * 0.05);
            }
        }

        @Override
        public void close() {
        }
    }
}
