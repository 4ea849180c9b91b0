package org.neurofusion.modalities.meg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes small synthetic raw FIF recordings whose every stored value is known ({@link #raw}), to cover what the
 * shared real files lack: short and double buffers, acquisition skips, annotations, projectors, bad channels,
 * files with and without a tag directory, split recordings. Settable fields describe the file.
 */
final class FifFixture {
    int dataType = FifConstants.T_FLOAT;
    double sfreq = 250;
    int[] bufferSamples = {100, 100, 57};
    /** Skips (in buffers) before the buffer of that index; index 0 is the initial skip MNE adds to first_samp. */
    Map<Integer, Integer> skipsBefore = new TreeMap<>();
    int firstSample;
    boolean directory = true;
    Instant measDate = Instant.parse("2021-03-04T05:06:07.123456Z");
    boolean devHeadT = true;
    /** Channel names: MEG grad, MEG mag, EEG, stim. */
    String[] names = {"MEG 0113", "MEG 0111", "EEG 001", "STI 014"};
    List<String> bads = List.of();
    /** Annotations: onset, duration (seconds from {@link #annotationOrigin}, or the first sample if null). */
    List<double[]> annotations = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    Instant annotationOrigin;
    boolean projector;
    String nextFile;
    float lineFreq = 50f;
    /** Writes a FIFFB_CH_INFO block per channel holding its full name, as MNE does for names over 15 characters. */
    boolean extendedNames;

    int channels() {
        return names.length;
    }

    /** The stored value of sample {@code s} (counting stored samples only) of channel {@code ch}. */
    double raw(int ch, long s) {
        return switch (dataType) {
            case FifConstants.T_SHORT, FifConstants.T_DAU_PACK16 -> ((ch * 37L + s * 11L) % 2001) - 1000;
            case FifConstants.T_INT -> ((ch * 100_003L + s * 7_919L) % 2_000_001L) - 1_000_000;
            case FifConstants.T_FLOAT -> (float) (ch * 1.5 - 3 + s * 0.01);
            default -> ch * 1.25 + s * 1e-3 + 1e-7 * s * s;
        };
    }

    /** range × cal of channel {@code ch}, as the reader computes it from the stored float32 values. */
    double scale(int ch) {
        return (double) range(ch) * (double) cal(ch);
    }

    float range(int ch) {
        return ch == 3 ? 1f : 2f;
    }

    float cal(int ch) {
        return switch (ch % 4) {
            case 0 -> 1.5e-11f;
            case 1 -> 2.5e-13f;
            case 2 -> 1e-6f;
            default -> 1f;
        };
    }

    int kind(int ch) {
        return switch (ch % 4) {
            case 0, 1 -> FifChannelTypes.MEG;
            case 2 -> FifChannelTypes.EEG;
            default -> FifChannelTypes.STIM;
        };
    }

    /** Stored samples (skips excluded). */
    long storedSamples() {
        long n = 0;
        for (int b : bufferSamples) {
            n += b;
        }
        return n;
    }

    Path write(Path dir, String name) {
        Path p = dir.resolve(name);
        try {
            Files.write(p, bytes().finish(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The tags of the file, before {@link FifBytes#finish}: tests damage them. */
    FifBytes bytes() {
        FifBytes b = new FifBytes();
        b.start(FifConstants.B_MEAS);
        b.start(FifConstants.B_MEAS_INFO);
        b.ints(FifConstants.NCHAN, channels());
        b.floats(FifConstants.SFREQ, (float) sfreq);
        b.floats(FifConstants.LOWPASS, (float) (sfreq / 4));
        b.floats(FifConstants.HIGHPASS, 0.1f);
        b.floats(FifConstants.LINE_FREQ, lineFreq);
        if (measDate != null) {
            b.ints(FifConstants.MEAS_DATE, (int) measDate.getEpochSecond(), measDate.getNano() / 1000);
        }
        b.string(FifConstants.EXPERIMENTER, "tester");
        if (devHeadT) {
            // 90° about z, then 4 cm up: device (x, y, z) -> head (-y, x, z + 0.04)
            b.transform(FifConstants.COORD_DEVICE, FifConstants.COORD_HEAD, new float[] {0, -1, 0, 1, 0, 0, 0, 0, 1},
                    new float[] {0, 0, 0.04f});
        }
        for (int c = 0; c < channels(); c++) {
            float[] loc = new float[12];
            int kind = kind(c);
            int unit = 107;
            int coil = 0;
            if (kind == FifChannelTypes.MEG) {
                loc = new float[] {0.01f * (c + 1), 0.02f, 0.09f, 1, 0, 0, 0, 1, 0, 0, 0, 1};
                unit = c % 4 == 0 ? 201 : 112;
                coil = c % 4 == 0 ? 3012 : 3022;
            } else if (kind == FifChannelTypes.EEG) {
                loc[0] = 0.05f;
                loc[1] = -0.02f;
                loc[2] = 0.07f;
                coil = 1;
            }
            b.channel(c + 1, kind, range(c), cal(c), coil, loc, unit, names[c]);
        }
        if (extendedNames) {
            for (String n : names) {
                b.start(FifConstants.B_CH_INFO);
                b.string(FifConstants.CH_DACQ_NAME, n);
                b.end(FifConstants.B_CH_INFO);
            }
        }
        if (!bads.isEmpty()) {
            b.start(FifConstants.B_MNE_BAD_CHANNELS);
            b.string(FifConstants.MNE_CH_NAME_LIST, String.join(":", bads));
            b.end(FifConstants.B_MNE_BAD_CHANNELS);
        }
        if (projector) {
            b.start(FifConstants.B_PROJ);
            b.start(FifConstants.B_PROJ_ITEM);
            b.string(FifConstants.COMMENT, "PCA-v1");
            b.ints(FifConstants.PROJ_ITEM_KIND, 1);
            b.ints(FifConstants.NCHAN, 2);
            b.string(FifConstants.PROJ_ITEM_CH_NAME_LIST, names[0] + ":" + names[1]);
            b.ints(FifConstants.PROJ_ITEM_NVEC, 1);
            b.matrix(FifConstants.PROJ_ITEM_VECTORS, new float[][] {{0.6f, 0.8f}});
            b.ints(FifConstants.MNE_PROJ_ITEM_ACTIVE, 0);
            b.end(FifConstants.B_PROJ_ITEM);
            b.end(FifConstants.B_PROJ);
        }
        b.end(FifConstants.B_MEAS_INFO);
        b.start(FifConstants.B_RAW_DATA);
        if (firstSample != 0) {
            b.ints(FifConstants.FIRST_SAMPLE, firstSample);
        }
        long s = 0;
        for (int i = 0; i < bufferSamples.length; i++) {
            Integer skip = skipsBefore.get(i);
            if (skip != null) {
                b.ints(FifConstants.DATA_SKIP, skip);
            }
            b.tag(FifConstants.DATA_BUFFER, dataType, buffer(s, bufferSamples[i]));
            s += bufferSamples[i];
        }
        b.end(FifConstants.B_RAW_DATA);
        if (nextFile != null) {
            b.start(FifConstants.B_REF);
            b.ints(FifConstants.REF_ROLE, FifConstants.ROLE_NEXT_FILE);
            b.string(FifConstants.REF_FILE_NAME, nextFile);
            b.end(FifConstants.B_REF);
        }
        b.end(FifConstants.B_MEAS);
        if (!annotations.isEmpty()) {
            b.start(FifConstants.B_MNE_ANNOTATIONS);
            b.floats(FifConstants.MNE_BASELINE_MIN, floats(0));
            b.floats(FifConstants.MNE_BASELINE_MAX, floats(1));
            b.string(FifConstants.COMMENT, String.join(":", descriptions.stream().map(d -> d.replace(":",
                    "{COLON}")).toList()));
            if (annotationOrigin != null) {
                b.ints(FifConstants.MEAS_DATE, (int) annotationOrigin.getEpochSecond(),
                        annotationOrigin.getNano() / 1000);
            }
            b.end(FifConstants.B_MNE_ANNOTATIONS);
        }
        return b;
    }

    private float[] floats(int which) {
        float[] v = new float[annotations.size()];
        for (int i = 0; i < v.length; i++) {
            double[] a = annotations.get(i);
            v[i] = (float) (which == 0 ? a[0] : a[0] + a[1]);
        }
        return v;
    }

    private byte[] buffer(long first, int n) {
        int width = FifRawData.width(dataType);
        ByteBuffer b = ByteBuffer.allocate(n * channels() * width);
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < channels(); c++) {
                double v = raw(c, first + t);
                switch (dataType) {
                    case FifConstants.T_SHORT, FifConstants.T_DAU_PACK16 -> b.putShort((short) v);
                    case FifConstants.T_INT -> b.putInt((int) v);
                    case FifConstants.T_FLOAT -> b.putFloat((float) v);
                    default -> b.putDouble(v);
                }
            }
        }
        return b.array();
    }
}
