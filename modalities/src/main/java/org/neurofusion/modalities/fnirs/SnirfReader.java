package org.neurofusion.modalities.fnirs;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.io.Hdf5Bounds;

/**
 * Opens SNIRF files (fNIRS in HDF5, https://github.com/fNIRS/snirf) as lazy {@link SnirfRecording}s.
 *
 * <p>A file may hold several {@code nirs} groups, each with several {@code data} blocks; one recording is one
 * block, with the probe, metadata, stimuli and auxiliary series of its {@code nirs} group. {@link #open(Path)}
 * reads the first block; {@link #blocks(Path)} lists them all (also in the header field {@code blocks}) and
 * {@link #open(Path, int, int)} opens any of them.
 *
 * <p>Stimulus onsets are read as stored, in seconds of the file's time axis, as MNE reads them; when the
 * first sample is not at time 0 its time is in the header field {@code first_sample_time} (Homer3 exports
 * start at one sample period while their stimuli keep the acquisition's times). {@code TimeUnit} scales
 * {@code time} only: stimulus onsets are taken as seconds, as MNE takes them (Gowerlabs files write time in
 * ms and stimuli in s).
 *
 * <p>A damaged file raises a typed error, never an allocation of what it claims: jHDF reads the file through a
 * memory map, and every dataset's declared size is checked against the file before jHDF reads it
 * ({@link Hdf5Bounds}).
 */
public final class SnirfReader {
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    static {
        // jHDF lacks HDF5's scale-offset filter, which NIRx NIRSport2 files use; it takes filters added at run time.
        io.jhdf.filter.FilterManager.addFilter(new ScaleOffsetFilter());
    }

    private SnirfReader() {
    }

    /** Opens the first data block of the first {@code nirs} group. */
    public static SnirfRecording open(Path file) {
        return open(file, 1, 1);
    }

    /**
     * Opens data block {@code data<dataIndex>} of the {@code nirsIndex}-th {@code nirs} group (both 1-based;
     * a lone group named plain {@code nirs} is group 1).
     *
     * @throws RecordingException (or a subtype) naming the file and the HDF5 path of any problem
     */
    public static SnirfRecording open(Path file, int nirsIndex, int dataIndex) {
        HdfFile hdf = openHdf(file);
        try {
            return parse(file, hdf, nirsIndex, dataIndex);
        } catch (RuntimeException e) {
            try {
                hdf.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The data blocks of a file, as HDF5 paths ({@code /nirs/data1}, ...), in reading order. */
    public static List<String> blocks(Path file) {
        try (HdfFile hdf = openHdf(file)) {
            return blocks(new SnirfHdf(file), hdf);
        }
    }

    /**
     * jHDF over a memory map of the file ({@link Hdf5Bounds#open}): a damaged object header, heap or B-tree size then
     * fails as an exception instead of making jHDF allocate what it claims.
     */
    private static HdfFile openHdf(Path file) {
        checkSignature(file);
        SnirfHdf h = new SnirfHdf(file);
        return h.call("/", () -> Hdf5Bounds.open(file));
    }

    /** HDF5 puts its signature at 0, or after a user block at 512, 1024, 2048, ... bytes. */
    private static void checkSignature(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer b = ByteBuffer.allocate(SIGNATURE.length);
            for (long at = 0; at + SIGNATURE.length <= size && at <= (1L << 20); at = at == 0 ? 512 : at * 2) {
                b.clear();
                while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                    // read until the signature's bytes are in or the file ends
                }
                if (Arrays.equals(b.array(), SIGNATURE)) {
                    checkEndOfFile(file, ch, at, size);
                    return;
                }
            }
            throw new CorruptRecordingException(file, 0, "not an HDF5 file (SNIRF is HDF5): expected the signature"
                    + " \\x89HDF\\r\\n\\x1a\\n at byte 0, 512, 1024, ...; the file has " + size + " bytes");
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot open: " + e.getMessage(), e);
        }
    }

    /**
     * A truncated file is found here rather than by chance later: the superblock records where the file
     * ends, and jHDF may read a damaged tail without noticing.
     */
    private static void checkEndOfFile(Path file, FileChannel ch, long at, long size) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (sb.hasRemaining() && ch.read(sb, at + sb.position()) > 0) {
            // read the superblock's fixed part, or what there is of it
        }
        int version = sb.position() > 8 ? sb.get(8) & 0xff : -1;
        int offsets;
        int eofAt;
        int baseAt;
        if (version == 0 || version == 1) {
            offsets = sb.get(13) & 0xff;
            baseAt = version == 0 ? 24 : 28;
            eofAt = baseAt + 2 * offsets;
        } else if (version == 2 || version == 3) {
            offsets = sb.get(9) & 0xff;
            baseAt = 12;
            eofAt = baseAt + 2 * offsets;
        } else {
            throw new CorruptRecordingException(file, at + 8, "HDF5 superblock version " + version
                    + " is not 0 to 3");
        }
        if (offsets != 8 || sb.position() < eofAt + 8) {
            throw new CorruptRecordingException(file, at, "HDF5 superblock is cut short or uses " + offsets
                    + "-byte addresses (expected 8)");
        }
        long base = sb.getLong(baseAt);
        long end = sb.getLong(eofAt);
        if (end != -1 && base >= 0 && end >= 0 && base + end > size) {
            throw new CorruptRecordingException(file, size, "truncated: the HDF5 superblock says the file ends at"
                    + " byte " + (base + end) + ", but it has " + size + " bytes");
        }
    }

    private static List<String> blocks(SnirfHdf h, HdfFile hdf) {
        List<String> out = new ArrayList<>();
        for (String nirs : nirsGroups(h, hdf)) {
            Group g = h.group(hdf, nirs);
            for (String data : h.numbered(g, "data")) {
                out.add("/" + nirs + "/" + data);
            }
        }
        return out;
    }

    private static List<String> nirsGroups(SnirfHdf h, HdfFile hdf) {
        List<String> out = new ArrayList<>();
        if (h.optGroup(hdf, "nirs").isPresent()) {
            out.add("nirs");
        }
        out.addAll(h.numbered(hdf, "nirs"));
        return out;
    }

    private static SnirfRecording parse(Path file, HdfFile hdf, int nirsIndex, int dataIndex) {
        SnirfHdf h = new SnirfHdf(file);
        List<String> groups = nirsGroups(h, hdf);
        if (groups.isEmpty()) {
            throw h.corrupt("/nirs", "required group is missing (no /nirs or /nirs1)");
        }
        List<String> blocks = blocks(h, hdf);
        String nirsName = nirsIndex == 1 && groups.get(0).equals("nirs") ? "nirs" : "nirs" + nirsIndex;
        String blockPath = "/" + nirsName + "/data" + dataIndex;
        if (!blocks.contains(blockPath)) {
            throw new RecordingException(file, -1, "no data block " + blockPath + "; the file holds "
                    + (blocks.isEmpty() ? "none" : String.join(", ", blocks)));
        }
        Group nirs = h.group(hdf, nirsName);
        Group data = h.group(nirs, "data" + dataIndex);
        SnirfMetadata meta = SnirfMetadata.read(h, h.optGroup(nirs, "metaDataTags"), SnirfHdf.pathOf(nirs));
        Map<String, String> header = new LinkedHashMap<>();
        h.optDataset(hdf, "formatVersion").ifPresent(d -> header.put("formatVersion", h.string(d).trim()));
        header.put("block", blockPath);
        header.put("blocks", String.join(",", blocks));
        header.putAll(meta.tags());
        SnirfChannels built = new SnirfChannels(h);
        Optional<Dataset> dts = h.optDataset(data, "dataTimeSeries");
        Dataset time = h.dataset(data, "time");
        dts.ifPresent(h::checkStorage);
        int[] dims = dts.map(h::dimensions).orElse(new int[] {0, 0});
        long rows = dims.length == 0 ? 0 : dims[0];
        int timePoints = h.numbers(time).length;
        if (dts.isEmpty() && timePoints > 0) {
            throw h.corrupt(SnirfHdf.join(data, "dataTimeSeries"), "required dataset is missing");
        }
        boolean empty = rows == 0 && timePoints == 0;
        Group probeGroup = h.group(nirs, "probe");
        if (empty) {
            // SNIRF's own minimum example: a block with no samples is a valid, empty recording.
            header.put("empty_block", blockPath + " holds no samples");
        } else {
            if (dims.length > 2) {
                throw h.corrupt(dts.get().getPath(), "expected time x channel, found " + dims.length + " dimensions");
            }
            int width = dims.length == 2 ? dims[1] : 1;
            List<SnirfMeasurement> ms = SnirfMeasurement.read(h, data);
            if (ms.size() != width) {
                throw h.corrupt(SnirfHdf.pathOf(data) + "/measurementList", ms.size() + " measurement list entries describe a"
                        + " dataTimeSeries of " + width + " columns (" + dts.get().getPath() + " is " + rows + " x "
                        + width + ")");
            }
            SnirfTimebase tb = SnirfTimebase.read(h, time, rows, meta.secondsPerTimeUnit());
            if (tb.firstTime() != 0) {
                header.put("first_sample_time", Double.toString(tb.firstTime()));
            }
            SnirfProbe probe = SnirfProbe.read(h, probeGroup, meta.lengthUnit(), meta.path() + "/LengthUnit");
            header.put("probe.positions", probe.positionKind());
            header.put("probe.wavelengths", Arrays.stream(probe.wavelengths())
                    .mapToObj(OpticalChannel::formatWavelength).collect(java.util.stream.Collectors.joining(",")));
            probe.landmarks().forEach((k, p) -> header.put("landmark." + k, OpticalChannel.formatPosition(p)));
            built.addData(ms, probe, dts.get(), width, rows, tb.rate());
        }
        int dataChannels = built.channels.size();
        built.addAux(nirs, meta.secondsPerTimeUnit());
        header.putAll(built.notes);
        List<Annotation> annotations = stims(h, nirs, header);
        String version = header.getOrDefault("formatVersion", "?");
        return new SnirfRecording(file, hdf, "SNIRF " + version, built.channels, built.series, dataChannels,
                meta.start(), annotations, header);
    }

    /**
     * Reads every {@code stim<n>} group (MNE reads {@code stim01} and {@code stim1} alike, so duplicates
     * written by Homer3 appear twice): one annotation per row, onset and duration from the first two
     * columns, described by the group's {@code name}.
     */
    private static List<Annotation> stims(SnirfHdf h, Group nirs, Map<String, String> header) {
        List<Annotation> out = new ArrayList<>();
        for (String name : h.numbered(nirs, "stim")) {
            Group g = h.group(nirs, name);
            String description = h.optDataset(g, "name").map(h::string).orElse(name).trim();
            h.optDataset(g, "dataLabels").ifPresent(d -> header.put(name + ".dataLabels",
                    String.join(",", h.strings(d))));
            Optional<Dataset> table = h.optDataset(g, "data");
            if (table.isEmpty()) {
                continue;
            }
            double[][] rows = h.matrix(table.get(), true);
            for (int r = 0; r < rows.length; r++) {
                double[] row = rows[r];
                if (row.length < 3) {
                    throw h.corrupt(table.get().getPath(), "row " + (r + 1) + " has " + row.length
                            + " columns, expected onset, duration, value");
                }
                if (!Double.isFinite(row[0]) || !Double.isFinite(row[1]) || row[1] < 0) {
                    throw h.corrupt(table.get().getPath(), "row " + (r + 1) + " has onset " + row[0]
                            + " and duration " + row[1] + "; expected finite values and a duration >= 0");
                }
                out.add(new Annotation(row[0], row[1], description));
            }
        }
        return out;
    }
}
