package org.neurofusion.modalities.io;

import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;

/**
 * Bounds what jHDF ({@code io.jhdf}) allocates when it reads an HDF5 file that may be damaged. jHDF reads every
 * object header, heap and B-tree node into a buffer of the size the file declares before looking at it, and sizes
 * a dataset's buffers and arrays from its dataspace and datatype; a few flipped bits in a file of kilobytes then ask
 * for gigabytes. Two defences:
 *
 * <ul>
 *   <li>{@link #open(Path)} hands jHDF a read-only memory map of the file (files up to 2 GiB, the most one Java
 *       buffer maps). jHDF then reads through views of the mapping instead of allocating: a size that runs past the
 *       end of the file fails as an exception, and what it reads is paged in by the operating system on demand, so
 *       opening stays lazy. A larger file is opened the ordinary way, where a damaged size can still make jHDF
 *       try to reserve up to 2 GiB before it fails; where the heap cannot hold that, the readers turn the
 *       {@link OutOfMemoryError} into a typed error ({@link #outOfMemory}).
 *   <li>{@link #checkDataset} refuses a dataset whose declared size (every dimension × the datatype's size, and
 *       each chunk's) the file cannot hold, before jHDF reads it: no more than the file's bytes for uncompressed
 *       data, no more than 1032 times as much for filtered data (deflate's greatest ratio); and a contiguous
 *       dataset whose values would run past the storage its layout gives it (jHDF would read the next object's
 *       bytes as values).
 * </ul>
 *
 * <p>What jHDF allocates while it parses the structure itself (a heap's object, a name) from sizes inside the
 * mapping is bounded by the mapping: it can ask for no more than the file holds.
 */
public final class Hdf5Bounds {
    /** Deflate's largest compression ratio: a filtered dataset can hold at most this many times its storage. */
    public static final long MAX_INFLATION = 1032;
    /** HDF5's scale-offset filter: its third parameter is the number of values in a chunk. */
    private static final int SCALE_OFFSET = 6;

    private Hdf5Bounds() {
    }

    /**
     * Opens {@code file} with jHDF over a read-only memory map (or from the file when it is over 2 GiB).
     *
     * @throws RecordingException naming the file when it cannot be opened; jHDF's own errors on a damaged file
     *     ({@code HdfException}, buffer errors) pass through for the caller to name the object it was opening
     */
    public static HdfFile open(Path file) {
        ByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                try {
                    return new HdfFile(file);
                } catch (OutOfMemoryError e) {
                    throw outOfMemory(file, "/", e);
                }
            }
            // The mapping stays valid after the channel closes, until the buffer is collected.
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be opened: " + e.getMessage(), e);
        }
        return HdfFile.fromByteBuffer(mapped);
    }

    /**
     * The typed error for an {@link OutOfMemoryError} that jHDF raised while reading {@code path} of {@code file}.
     * Over the memory map ({@link #open}) a damaged size cannot make jHDF ask for more than the file holds, so there
     * it means a dataset larger than the heap; in a file over 2 GiB, which is not mapped, jHDF reserves whatever
     * size an object header, heap or B-tree node declares (up to 2 GiB) before it reads it, and a damaged one fails
     * here. One failed allocation leaves nothing half-built (the array was never made), so the error is safe to
     * report and go on from. Not a {@link CorruptRecordingException}: the file may be sound and the heap small.
     */
    public static RecordingException outOfMemory(Path file, String path, OutOfMemoryError e) {
        return outOfMemory(file, path, "jHDF", e);
    }

    /** {@link #outOfMemory(Path, String, OutOfMemoryError)} for {@code library} (e.g. MFL, for MAT v5 files). */
    public static RecordingException outOfMemory(Path file, String path, String library, OutOfMemoryError e) {
        return new RecordingException(file, -1, "cannot read " + path + ": " + library + " asked for more memory"
                + " than this JVM has (OutOfMemoryError: " + e.getMessage() + "): a size in the file is damaged, or"
                + " the file holds more than the heap (-Xmx) takes", e);
    }

    /**
     * Refuses dataset {@code d} of {@code file} (of {@code fileSize} bytes) when its declared size cannot be
     * right (see the class comment), before any of its values are read.
     *
     * @throws CorruptRecordingException naming the file and the dataset's HDF5 path
     */
    public static void checkDataset(Path file, long fileSize, Dataset d) {
        String path = d.getPath();
        long[] dims = d.isScalar() ? new long[0] : d.getDimensionsAsLong();
        int width = Math.max(1, d.getDataType().getSize());
        List<PipelineFilterWithData> filters = d.getFilters();
        long limit = filters.isEmpty() ? fileSize : saturatedProduct(fileSize, MAX_INFLATION);
        String holds = filters.isEmpty() ? "" : " even compressed " + MAX_INFLATION + " to 1";
        long bytes = bytes(file, path, "its dimensions " + Arrays.toString(dims), dims, width);
        if (bytes > limit) {
            throw new CorruptRecordingException(file, -1, path + ": declares " + Arrays.toString(dims) + " values of "
                    + width + " bytes (" + bytes + " bytes), more than a file of " + fileSize + " bytes can hold"
                    + holds);
        }
        if (d instanceof ChunkedDataset c) {
            int[] chunk = c.getChunkDimensions();
            long[] longChunk = Arrays.stream(chunk).asLongStream().toArray();
            long chunkBytes = bytes(file, path, "its chunk dimensions " + Arrays.toString(chunk), longChunk, width);
            if (chunkBytes > limit) {
                throw new CorruptRecordingException(file, -1, path + ": declares chunks of " + Arrays.toString(chunk)
                        + " values of " + width + " bytes (" + chunkBytes + " bytes), more than a file of " + fileSize
                        + " bytes can hold" + holds);
            }
            for (PipelineFilterWithData f : filters) {
                int[] data = f.getFilterData();
                if (f.getId() == SCALE_OFFSET && (data.length < 3 || data[2] != chunkBytes / width)) {
                    throw new CorruptRecordingException(file, -1, path + ": the scale-offset filter's parameters "
                            + Arrays.toString(data) + " do not give the chunk's " + chunkBytes / width + " values");
                }
            }
        }
        if (d.getDataLayout() == DataLayout.CONTIGUOUS && !d.isEmpty()) {
            ContiguousDataLayoutMessage layout = ObjectHeader.readObjectHeader(d.getHdfFile().getHdfBackingStorage(),
                    d.getAddress()).getMessageOfType(ContiguousDataLayoutMessage.class);
            if (bytes > layout.getSize()) {
                throw new CorruptRecordingException(file, -1, path + ": declares " + Arrays.toString(dims)
                        + " values of " + width + " bytes (" + bytes + " bytes), but its storage holds "
                        + layout.getSize() + " bytes");
            }
        }
    }

    private static long bytes(Path file, String path, String what, long[] dims, int width) {
        long n = width;
        for (long x : dims) {
            if (x < 0) {
                throw new CorruptRecordingException(file, -1, path + ": " + what + " include a negative size");
            }
            if (x != 0 && n > Long.MAX_VALUE / x) {
                throw new CorruptRecordingException(file, -1, path + ": " + what + " multiply past 2^63 bytes");
            }
            n *= x;
        }
        return n;
    }

    private static long saturatedProduct(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
