package org.neurofusion.modalities.fmri;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Small synthetic NIfTI files for the tests, and ways to damage them at known byte offsets. */
final class NiftiFixture {
    private NiftiFixture() {
    }

    /** A 3 × 4 × 5 × 2 int16 header with mm/sec units and a TR of 2 s, in the given version and order. */
    static NiftiHeader small(int version, ByteOrder order) {
        return NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(3, 4, 5, 2).optZooms(2, 2, 3, 2)
                .optVersion(version).optByteOrder(order).optXyztUnits(2 + 8).optDescrip("fixture").build();
    }

    /** Values 0, 1, 2, ... (in range for every integer type when the image is small). */
    static double[] ramp(long n) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 100;
        }
        return v;
    }

    /** Writes {@code h} with a ramp of values to {@code dir/name}. */
    static Path write(Path dir, String name, NiftiHeader h) {
        Path p = dir.resolve(name);
        NiftiWriter.write(p, h, ramp(h.voxelCount()));
        return p;
    }

    /** Values that fill the range of {@code t}, including both ends, at random. */
    static double[] randomValues(NiftiDataType t, int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (t) {
                case UINT8 -> r.nextInt(256);
                case INT8 -> r.nextInt(256) - 128;
                case INT16 -> r.nextInt(65536) - 32768;
                case UINT16 -> r.nextInt(65536);
                case INT32 -> r.nextInt();
                case UINT32 -> r.nextInt() & 0xffffffffL;
                // Integers a double holds exactly, up to 2^53 in size.
                case INT64 -> (double) (r.nextLong() >> 11);
                case UINT64 -> (double) (r.nextLong() >>> 11);
                case FLOAT32 -> (float) (r.nextGaussian() * 1e3);
                case FLOAT64 -> r.nextGaussian() * 1e6;
            };
        }
        switch (t) {
            case FLOAT32, FLOAT64 -> {
                v[0] = Double.NaN;
                v[1] = Double.NEGATIVE_INFINITY;
            }
            case INT64 -> {
                v[0] = -0x1p63;
                v[1] = 0x1p62;
            }
            case UINT64 -> {
                v[0] = 0;
                v[1] = 0x1p64 - 0x1p11;
            }
            default -> {
                v[0] = min(t);
                v[1] = max(t);
            }
        }
        return v;
    }

    private static double min(NiftiDataType t) {
        return switch (t) {
            case INT8 -> -128;
            case INT16 -> -32768;
            case INT32 -> Integer.MIN_VALUE;
            default -> 0;
        };
    }

    private static double max(NiftiDataType t) {
        return switch (t) {
            case UINT8 -> 255;
            case INT8 -> 127;
            case INT16 -> 32767;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            default -> 4294967295.0;
        };
    }

    /** Rewrites bytes of an uncompressed file through a buffer in {@code order}, positioned at {@code offset}. */
    static void patch(Path file, ByteOrder order, int offset, Consumer<ByteBuffer> edit) throws IOException {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        buf.position(offset);
        edit.accept(buf);
        Files.write(file, b);
    }

    /** Keeps only the first {@code n} bytes of the file. */
    static void truncate(Path file, long n) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, (int) n));
    }

    /** Gzips {@code from} into {@code to}. */
    static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }

    /** The decompressed bytes of a gzip file. */
    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
