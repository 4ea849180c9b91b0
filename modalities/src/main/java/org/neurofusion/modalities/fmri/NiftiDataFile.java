package org.neurofusion.modalities.fmri;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;

/**
 * The voxel bytes of one image: {@code dataBytes} bytes from byte {@code dataOffset} of {@code file} (the
 * {@code .nii} itself or a pair's {@code .img}). An uncompressed file is read in place, by positional reads, and its
 * size is checked when it is opened. A gzip-compressed file is decompressed once, on the first read, into a
 * temporary file that holds only the data and is deleted on {@link #close()}; memory stays bounded whatever the
 * image's size. Reads may come from several threads.
 */
final class NiftiDataFile implements AutoCloseable {
    private static final int COPY_BUFFER = 1 << 16;

    private final Path file;
    private final boolean gzip;
    private final long dataOffset;
    private final long dataBytes;
    /** Where a problem with the vox_offset field itself is reported (the header's file and field offset). */
    private final Path headerFile;
    private final int voxOffsetField;

    private FileChannel channel;
    private Path temporary;
    private RecordingException failure;
    private int decompressions;
    private boolean closed;

    NiftiDataFile(Path file, boolean gzip, long dataOffset, long dataBytes, Path headerFile, int voxOffsetField) {
        this.file = file;
        this.gzip = gzip;
        this.dataOffset = dataOffset;
        this.dataBytes = dataBytes;
        this.headerFile = headerFile;
        this.voxOffsetField = voxOffsetField;
    }

    /**
     * Opens an uncompressed data file now and checks that it holds the data; a compressed or missing one waits for
     * the first read (so the header of a pair whose image file is absent can still be shown).
     */
    void openIfPlain() {
        if (gzip || !Files.exists(file)) {
            return;
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            checkSize(channel.size());
        } catch (IOException e) {
            closeQuietly();
            throw new RecordingException(file, -1, "cannot open: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void checkSize(long size) {
        if (dataOffset > size) {
            throw new CorruptRecordingException(headerFile, voxOffsetField, "vox_offset " + dataOffset
                    + " lies past the end of " + file.getFileName() + " (" + size + " bytes)");
        }
        if (size - dataOffset < dataBytes) {
            throw new CorruptRecordingException(file, size, "data truncated: the image needs " + dataBytes
                    + " bytes from byte " + dataOffset + ", the file ends after " + (size - dataOffset));
        }
    }

    /**
     * Fills {@code dst} (position to limit) with data bytes from {@code offset} (counted from the first voxel).
     *
     * @throws RecordingException when the file cannot be read, is truncated or its compressed stream is corrupt
     */
    void read(long offset, ByteBuffer dst) {
        FileChannel ch = channel();
        long at = offset + (gzip ? 0 : dataOffset);
        try {
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n < 0) {
                    throw new CorruptRecordingException(file, at, "file ends inside the data (was it changed while "
                            + "open?)");
                }
                at += n;
            }
        } catch (IOException e) {
            throw new RecordingException(file, at, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** How often the compressed stream was decompressed (0 or 1): what the tests check. */
    synchronized int decompressions() {
        return decompressions;
    }

    /** The temporary file holding the decompressed data, if there is one now. */
    synchronized Path temporaryFile() {
        return temporary;
    }

    private synchronized FileChannel channel() {
        if (closed) {
            throw new IllegalStateException("NIfTI image " + file + " is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (channel == null) {
            if (!Files.exists(file)) {
                throw new RecordingException(file, -1, "no such file: the image data of " + headerFile.getFileName()
                        + " are missing");
            }
            try {
                if (gzip) {
                    decompress();
                } else {
                    openIfPlain();
                }
            } catch (RecordingException e) {
                failure = e;
                throw e;
            }
        }
        return channel;
    }

    /** Copies the data section of the decompressed stream into a fresh temporary file, once. */
    private void decompress() {
        decompressions++;
        long position = 0;
        try {
            temporary = Files.createTempFile("neurofusion-nifti-", ".raw");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), COPY_BUFFER);
                    OutputStream out = Files.newOutputStream(temporary)) {
                long skipped = skip(in, dataOffset);
                position = skipped;
                if (skipped < dataOffset) {
                    throw new CorruptRecordingException(headerFile, voxOffsetField, "vox_offset " + dataOffset
                            + " lies past the end of the decompressed " + file.getFileName() + " (" + skipped
                            + " bytes)");
                }
                byte[] b = new byte[COPY_BUFFER];
                long left = dataBytes;
                while (left > 0) {
                    int n = in.read(b, 0, (int) Math.min(b.length, left));
                    if (n < 0) {
                        throw new CorruptRecordingException(file, position, "data truncated: the image needs "
                                + dataBytes + " bytes from byte " + dataOffset + " of the decompressed stream, it ends"
                                + " after " + (dataBytes - left));
                    }
                    out.write(b, 0, n);
                    left -= n;
                    position += n;
                }
            }
            channel = FileChannel.open(temporary, StandardOpenOption.READ);
        } catch (EOFException | ZipException e) {
            deleteTemporary();
            throw new CorruptRecordingException(file, position, "compressed stream is corrupt or truncated after "
                    + position + " decompressed bytes: " + e.getMessage(), e);
        } catch (IOException e) {
            deleteTemporary();
            throw new RecordingException(file, position, "cannot be decompressed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTemporary();
            throw e;
        }
    }

    /** Skips up to {@code n} bytes; fewer only at the end of the stream. */
    private static long skip(InputStream in, long n) throws IOException {
        long done = 0;
        while (done < n) {
            long s = in.skip(n - done);
            if (s > 0) {
                done += s;
            } else if (in.read() >= 0) {
                done++;
            } else {
                break;
            }
        }
        return done;
    }

    private void deleteTemporary() {
        closeQuietly();
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The error that brought us here is what the caller needs.
            }
            temporary = null;
        }
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was written through it.
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteTemporary();
    }

    /** Opens a file for reading its header, as a plain or decompressing stream. */
    static InputStream openStream(Path file, boolean gzip) {
        try {
            InputStream in = Files.newInputStream(file);
            return gzip ? new GZIPInputStream(in, COPY_BUFFER) : new java.io.BufferedInputStream(in, COPY_BUFFER);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (ZipException | EOFException e) {
            throw new CorruptRecordingException(file, 0, "not a valid gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot open: " + e.getMessage(), e);
        }
    }
}
