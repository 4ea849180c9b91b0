package org.neurofusion.datasets.shin;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.io.Hdf5Bounds;
import org.neurofusion.modalities.io.Mat5Bounds;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.MatFile;

/**
 * Opens a MATLAB file of either generation and hands one variable to a reader while the file is open: v5/v7
 * (the 128-byte "MATLAB 5.0 MAT-file" header, version 0x0100) through MFL, v7.3 (version 0x0200, an HDF5 file
 * behind a 512-byte user block; a bare HDF5 file is accepted too) through jHDF. Both map or hold the file, so
 * the reader must copy out everything it needs before returning.
 */
final class MatFiles {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private MatFiles() {
    }

    /** The file version: 5 for v5/v7 (MFL), 73 for v7.3 (HDF5). */
    static int version(Path file) {
        byte[] head = new byte[128];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "does not exist");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        if (n >= 8 && java.util.Arrays.equals(java.util.Arrays.copyOf(head, 8), HDF5_SIGNATURE)) {
            return 73;
        }
        if (n < 128) {
            throw new CorruptRecordingException(file, n, "is " + n + " bytes, shorter than a MATLAB file's 128-byte"
                    + " header");
        }
        String text = new String(head, 0, 116, StandardCharsets.US_ASCII);
        if (!text.startsWith("MATLAB")) {
            throw new UnsupportedFormatException(file, 0, "not a MATLAB MAT-file: the header does not begin with"
                    + " \"MATLAB\"");
        }
        // The version is a 16-bit word at byte 124, in the file's byte order (the "IM"/"MI" mark after it).
        boolean little = head[126] == 'I' && head[127] == 'M';
        int v = little ? (head[124] & 0xff) | (head[125] & 0xff) << 8 : (head[125] & 0xff) | (head[124] & 0xff) << 8;
        return switch (v) {
            case 0x0100 -> 5;
            case 0x0200 -> 73;
            default -> throw new UnsupportedFormatException(file, 124, "MAT-file version 0x" + Integer.toHexString(v)
                    + "; expected 0x0100 (v5/v7) or 0x0200 (v7.3)");
        };
    }

    /**
     * Reads variable {@code name} of {@code file} with {@code reader}, which must copy out what it needs.
     *
     * @throws RecordingException naming the file when it cannot be read, has no such variable, or its content
     *     does not have the structure the reader expects
     */
    static <T> T read(Path file, String name, Function<MatNode, T> reader) {
        int version = version(file);
        try {
            if (version == 5) {
                // MFL reserves what a damaged tag claims before reading it: check every size against the file first.
                Mat5Bounds.check(file, maxInflated(file));
                try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
                    List<String> names = new ArrayList<>();
                    for (MatFile.Entry e : mat.getEntries()) {
                        names.add(e.getName());
                    }
                    if (!names.contains(name)) {
                        throw new CorruptRecordingException(file, -1, "has no variable '" + name + "' (variables: "
                                + names + ")");
                    }
                    return reader.apply(new Mat5Node(file, name, mat.getArray(name)));
                }
            }
            try (HdfFile hdf = Hdf5Bounds.open(file)) {
                Node n = hdf.getChildren().get(name);
                if (n == null) {
                    List<String> names = hdf.getChildren().keySet().stream().filter(k -> !k.startsWith("#")).toList();
                    throw new CorruptRecordingException(file, -1, "has no variable '" + name + "' (variables: " + names
                            + ")");
                }
                return reader.apply(new Mat73Node(file, name, hdf, n, Files.size(file)));
            }
        } catch (RecordingException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            // MFL reserves what a v5 tag claims and jHDF what a v7.3 header claims; the bounds keep a damaged size
            // within the file, but a file over 2 GiB (not memory-mapped for jHDF) or a heap smaller than the file
            // can still fail here: a typed error, not a dead JVM.
            throw Hdf5Bounds.outOfMemory(file, "variable '" + name + "'", version == 5 ? "MFL" : "jHDF", e);
        } catch (IOException | RuntimeException e) {
            // MFL and jHDF report damage as whatever they trip over (buffer underflow, bad tag, class cast, ...).
            // The library's outer message names the object it was reading; its root cause says what was wrong there.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new CorruptRecordingException(file, -1, "not a readable MATLAB v" + (version == 5 ? "5/7" : "7.3")
                    + " file: " + e + (root == e ? "" : " (cause: " + root + ")"), e);
        }
    }

    /**
     * The most a MAT 5 file's compressed variables may inflate to, all together: deflate's largest ratio
     * ({@link Hdf5Bounds#MAX_INFLATION}) times the file's size. A real file stays far below it (the Shin files
     * inflate about 3 to 1); a zip bomb, or a compressed length that runs into the next variable, does not.
     */
    private static long maxInflated(Path file) {
        try {
            long size = Files.size(file);
            return size > Long.MAX_VALUE / Hdf5Bounds.MAX_INFLATION ? Long.MAX_VALUE : size * Hdf5Bounds.MAX_INFLATION;
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
    }
}
