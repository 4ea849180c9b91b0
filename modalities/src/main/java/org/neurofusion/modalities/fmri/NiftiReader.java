package org.neurofusion.modalities.fmri;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.neurofusion.core.RecordingException;

/**
 * Opens NIfTI-1 and NIfTI-2 images: single files ({@code .nii}, {@code .nii.gz}) and pairs ({@code .hdr} with
 * {@code .img}, either gzip-compressed), in either byte order. A file is gzip-compressed when it starts with the
 * gzip magic, whatever its name; a pair's other half is found by swapping {@code .hdr} and {@code .img}.
 * Opening reads the header and extensions only; see {@link NiftiImage} for reading voxels.
 */
public final class NiftiReader {
    private static final int HEAD = NiftiLayout.V2.sizeofHdr + 4;

    private NiftiReader() {
    }

    /**
     * Opens an image, reading and checking its header.
     *
     * @param path a {@code .nii}, {@code .nii.gz}, {@code .hdr} or {@code .img} file (gzip allowed for each)
     * @throws RecordingException (a subtype) naming the file and byte offset of any problem
     */
    public static NiftiImage open(Path path) {
        String stem = stem(path);
        Path headerFile = path;
        if (stem.toLowerCase(Locale.ROOT).endsWith(".img")) {
            headerFile = partner(path, stem, ".hdr");
            if (headerFile == null) {
                throw new RecordingException(path, -1, "no header file (.hdr or .hdr.gz) beside this NIfTI image file");
            }
        }
        boolean headerGzip = isGzip(headerFile);
        long size = -1;
        if (!headerGzip) {
            try {
                size = Files.size(headerFile);
            } catch (IOException e) {
                // openStream below reports a missing or unreadable file with its reason.
            }
        }
        NiftiHeaderParser.Parsed parsed;
        try (InputStream in = NiftiDataFile.openStream(headerFile, headerGzip)) {
            parsed = NiftiHeaderParser.parse(headerFile, in, size);
        } catch (IOException e) {
            throw new RecordingException(headerFile, -1, "cannot be read: " + e.getMessage(), e);
        }
        NiftiHeader h = parsed.header();
        Path dataFile = headerFile;
        if (!parsed.single()) {
            dataFile = headerFile.equals(path) ? partner(headerFile, stem(headerFile), ".img") : path;
            if (dataFile == null) {
                // Reported on the first read, so that the header alone can still be shown.
                dataFile = headerFile.resolveSibling(baseName(stem(headerFile)) + ".img");
            }
        }
        boolean dataGzip = Files.exists(dataFile) ? isGzip(dataFile) : dataFile.toString().endsWith(".gz");
        NiftiDataFile data = new NiftiDataFile(dataFile, dataGzip, h.voxOffset(), h.dataBytes(), headerFile,
                NiftiLayout.of(h.version()).voxOffset);
        data.openIfPlain();
        return new NiftiImage(path, h, parsed.single(), headerGzip || dataGzip, data);
    }

    /**
     * Whether {@code path} is a NIfTI file: its first bytes (decompressed when it is gzip) carry the NIfTI-1 or
     * NIfTI-2 magic. Never throws; false for folders and unreadable files.
     */
    public static boolean recognizes(Path path) {
        if (path == null || !Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = isGzip(path) ? new GZIPInputStream(raw) : raw) {
            return NiftiHeaderParser.hasSignature(in.readNBytes(HEAD));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the file starts with the gzip magic 1f 8b (false when it cannot be read). */
    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] m = in.readNBytes(2);
            return m.length == 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    /** The file name without a trailing {@code .gz}. */
    private static String stem(Path p) {
        String name = p.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** The name without its last extension ({@code sub.hdr} gives {@code sub}). */
    private static String baseName(String stem) {
        int dot = stem.lastIndexOf('.');
        return dot <= 0 ? stem : stem.substring(0, dot);
    }

    /**
     * The other file of a pair: {@code ext} ({@code .hdr} or {@code .img}) in the case the given name uses,
     * uncompressed or {@code .gz}, preferring the same compression as {@code p}; null when neither exists.
     */
    private static Path partner(Path p, String stem, String ext) {
        String base = baseName(stem);
        String suffix = stem.substring(base.length());
        String e = suffix.equals(suffix.toUpperCase(Locale.ROOT)) ? ext.toUpperCase(Locale.ROOT) : ext;
        boolean gz = !stem.equals(p.getFileName().toString());
        Path same = p.resolveSibling(base + e + (gz ? ".gz" : ""));
        Path other = p.resolveSibling(base + e + (gz ? "" : ".gz"));
        return Files.exists(same) ? same : Files.exists(other) ? other : null;
    }
}
