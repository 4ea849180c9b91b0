package org.neurofusion.modalities.meg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * Writes any {@link Recording} as a raw FIF file that MNE-Python ({@code mne.io.read_raw_fif}) and
 * {@link FifReader} read: file id, measurement info (one channel record per channel, with the FIFF kind, coil
 * type, unit and location of its type and position; sampling rate; filter corners and line frequency when the
 * header gives them; measurement date from {@link Recording#start()}, taken as UTC; bad channels), the
 * annotations as MNE stores them (FIFFB_MNE_ANNOTATIONS, onsets from the first sample), the samples as float32
 * SI values in data buffers of about one second, first sample 0, and a tag directory. MEG locations are stored in
 * the device frame with a device-to-head transformation (the source FIF file's, else the identity).
 *
 * <p>FIF has one sampling rate and 32-bit positions: recordings whose channels differ in rate, or whose file
 * would exceed 2 GiB, are refused before anything is written. A channel shorter than the others is padded with
 * its last value. The file is written beside the target and renamed, so a failure leaves nothing behind.
 */
public final class FifWriter {
    /** Date stored when the start is unknown: MNE's "no date" (0 s, 2^31 - 1 µs). */
    private static final int[] DATE_NONE = {0, Integer.MAX_VALUE};
    /** Buffers stay below this size whatever the channel count. */
    private static final int MAX_BUFFER_BYTES = 8 << 20;

    private final FifTransform deviceToHead;
    private final double bufferSeconds;

    private FifWriter(Builder b) {
        this.deviceToHead = b.deviceToHead;
        this.bufferSeconds = b.bufferSeconds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes {@code rec} to {@code out} with the defaults. */
    public static void writeFile(Recording rec, Path out) {
        builder().build().write(rec, out, n -> { });
    }

    /**
     * Writes {@code rec} to {@code out}, telling {@code progress} how many values (samples × channels) are written.
     *
     * @throws IllegalArgumentException when FIF cannot hold the recording (no channels, several rates, over 2 GiB)
     * @throws org.neurofusion.core.RecordingException when the file cannot be written (nothing is left behind)
     */
    public void write(Recording rec, Path out, LongConsumer progress) {
        Objects.requireNonNull(rec, "rec");
        Objects.requireNonNull(progress, "progress");
        List<Channel> cs = rec.channels();
        if (cs.isEmpty()) {
            throw new IllegalArgumentException("a FIF file needs at least one channel; " + describe(rec) + " has none");
        }
        double rate = cs.get(0).samplingRate();
        long samples = 0;
        for (Channel c : cs) {
            if (Double.compare(c.samplingRate(), rate) != 0) {
                throw new IllegalArgumentException("FIF stores one sampling rate for all channels, but " + describe(rec)
                        + " has " + cs.get(0).name() + " at " + rate + " Hz and " + c.name() + " at "
                        + c.samplingRate() + " Hz: resample or select channels of one rate first");
            }
            samples = Math.max(samples, c.sampleCount());
        }
        int nchan = cs.size();
        int perBuffer = (int) Math.max(1, Math.min(Math.round(rate * bufferSeconds), MAX_BUFFER_BYTES / (4L * nchan)));
        long buffers = (samples + perBuffer - 1) / perBuffer;
        long dataBytes = samples * nchan * 4L + buffers * FifConstants.TAG_HEADER;

        FifTransform devHead = deviceToHead;
        if (devHead == null && cs.stream().anyMatch(c -> FifChannelTypes.isMeg(c.type()))) {
            devHead = rec instanceof FifRecording f ? f.measurementInfo().deviceToHead().orElse(identity())
                    : identity();
        }
        List<FifTagSink.Entry> entries = new ArrayList<>();
        FifTagSink head = new FifTagSink(0, entries);
        int[] date = date(rec.start().orElse(null));
        head.id(FifConstants.FILE_ID, date == DATE_NONE ? 0 : date[0], date == DATE_NONE ? 0 : date[1]);
        int pointerAt = Math.toIntExact(head.position()) + FifConstants.TAG_HEADER;
        head.ints(FifConstants.DIR_POINTER, -1);
        head.start(FifConstants.B_MEAS);
        measInfo(head, rec, rate, date, devHead);
        annotations(head, rec.annotations());
        head.start(FifConstants.B_RAW_DATA);
        head.ints(FifConstants.FIRST_SAMPLE, 0);
        long dataStart = head.position();
        long dirPos = dataStart + dataBytes + 2L * (FifConstants.TAG_HEADER + 4);
        long dirSize = 16L * (entries.size() + buffers + 3);
        long total = dirPos + FifConstants.TAG_HEADER + dirSize;
        if (total > FifFile.MAX_SIZE) {
            throw new IllegalArgumentException(describe(rec) + " would make a FIF file of " + total + " bytes ("
                    + nchan + " channels × " + samples + " samples as float32); FIF addresses its tags with 32-bit "
                    + "positions, so a file holds at most " + FifFile.MAX_SIZE + " bytes: write it in parts (crop it)");
        }
        for (long b = 0, pos = dataStart; b < buffers; b++) {
            int n = (int) Math.min(perBuffer, samples - b * perBuffer);
            entries.add(new FifTagSink.Entry(FifConstants.DATA_BUFFER, FifConstants.T_FLOAT, n * nchan * 4, (int) pos));
            pos += FifConstants.TAG_HEADER + n * nchan * 4L;
        }
        FifTagSink tail = new FifTagSink(dataStart + dataBytes, entries);
        tail.end(FifConstants.B_RAW_DATA);
        tail.end(FifConstants.B_MEAS);
        if (tail.position() != dirPos) {
            throw new IllegalStateException("FIF layout: directory at " + tail.position() + ", expected " + dirPos);
        }
        int n = entries.size() + 1;
        ByteBuffer dir = ByteBuffer.allocate(16 * n);
        for (FifTagSink.Entry e : entries) {
            dir.putInt(e.kind()).putInt(e.type()).putInt(e.size()).putInt(e.pos());
        }
        dir.putInt(FifConstants.DIR).putInt(FifConstants.T_DIR_ENTRY_STRUCT).putInt(16 * n).putInt((int) dirPos);
        byte[] dirTag = ByteBuffer.allocate(FifConstants.TAG_HEADER + 16 * n).putInt(FifConstants.DIR)
                .putInt(FifConstants.T_DIR_ENTRY_STRUCT).putInt(16 * n).putInt(FifConstants.NEXT_NONE)
                .put(dir.array()).array();
        byte[] headBytes = head.bytes();
        ByteBuffer.wrap(headBytes).putInt(pointerAt, (int) dirPos);
        byte[] tailBytes = tail.bytes();
        long totalSamples = samples;
        AtomicFiles.write(out, os -> {
            os.write(headBytes);
            writeData(rec, totalSamples, perBuffer, os, progress);
            os.write(tailBytes);
            os.write(dirTag);
        });
    }

    private static void writeData(Recording rec, long samples, int perBuffer, OutputStream os, LongConsumer progress)
            throws IOException {
        List<Channel> cs = rec.channels();
        int nchan = cs.size();
        float[][] ch = new float[nchan][perBuffer];
        ByteBuffer buf = ByteBuffer.allocate(FifConstants.TAG_HEADER + perBuffer * nchan * 4);
        for (long first = 0; first < samples; first += perBuffer) {
            int n = (int) Math.min(perBuffer, samples - first);
            for (int i = 0; i < nchan; i++) {
                long have = cs.get(i).sampleCount();
                int got = (int) Math.max(0, Math.min(n, have - first));
                if (got > 0) {
                    rec.read(i, first, ch[i], 0, got);
                }
                float pad = got > 0 ? ch[i][got - 1] : have > 0 ? lastValue(rec, i, have) : 0f;
                java.util.Arrays.fill(ch[i], got, n, pad);
            }
            buf.clear();
            buf.put(FifTagSink.header(FifConstants.DATA_BUFFER, FifConstants.T_FLOAT, n * nchan * 4));
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < nchan; i++) {
                    buf.putFloat(ch[i][s]);
                }
            }
            os.write(buf.array(), 0, buf.position());
            progress.accept((long) n * nchan);
        }
    }

    private static float lastValue(Recording rec, int channel, long have) {
        float[] one = new float[1];
        rec.read(channel, have - 1, one, 0, 1);
        return one[0];
    }

    private static void measInfo(FifTagSink s, Recording rec, double rate, int[] date, FifTransform devHead) {
        List<Channel> cs = rec.channels();
        Map<String, String> h = rec.header();
        s.start(FifConstants.B_MEAS_INFO);
        List<String> bads = cs.stream().filter(c -> "true".equals(c.attributes().get("bad"))).map(Channel::name)
                .toList();
        if (!bads.isEmpty()) {
            s.start(FifConstants.B_MNE_BAD_CHANNELS);
            s.string(FifConstants.MNE_CH_NAME_LIST, nameList(bads));
            s.end(FifConstants.B_MNE_BAD_CHANNELS);
        }
        s.ints(FifConstants.MEAS_DATE, date);
        if (devHead != null) {
            s.transform(devHead);
        }
        s.ints(FifConstants.NCHAN, cs.size());
        s.floats(FifConstants.SFREQ, rate);
        s.floats(FifConstants.LOWPASS, number(h.get("lowpass"), rate / 2));
        s.floats(FifConstants.HIGHPASS, number(h.get("highpass"), 0));
        double line = number(h.get("line_freq"), Double.NaN);
        if (line > 0) {
            s.floats(FifConstants.LINE_FREQ, line);
        }
        if (h.containsKey("experimenter")) {
            s.string(FifConstants.EXPERIMENTER, h.get("experimenter"));
        }
        if (h.containsKey("description")) {
            s.string(FifConstants.COMMENT, h.get("description"));
        }
        List<FifChannel> records = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            records.add(FifChannelEncoder.encode(cs.get(i), i, devHead));
        }
        List<String> shortNames = shortNames(records);
        for (int i = 0; i < records.size(); i++) {
            s.channel(records.get(i), shortNames.get(i));
        }
        if (!shortNames.equals(records.stream().map(FifChannel::name).toList())) {
            // Names over 15 characters: MNE's extended channel blocks, one per channel, carry them whole.
            for (FifChannel c : records) {
                s.start(FifConstants.B_CH_INFO);
                s.ints(FifConstants.CH_SCAN_NO, c.scanNo());
                s.ints(FifConstants.CH_LOGICAL_NO, c.logicalNo());
                s.ints(FifConstants.CH_KIND, c.kind());
                s.floats(FifConstants.CH_RANGE, c.range());
                s.floats(FifConstants.CH_CAL, c.cal());
                s.ints(FifConstants.CH_COIL_TYPE, c.coilType());
                s.floats(FifConstants.CH_LOC, c.loc());
                s.ints(FifConstants.CH_UNIT, c.unit());
                s.ints(FifConstants.CH_UNIT_MUL, c.unitMul());
                s.string(FifConstants.CH_DACQ_NAME, c.name());
                s.ints(FifConstants.CH_COORD_FRAME, FifChannelTypes.isMeg(FifChannelTypes.type(c))
                        ? FifConstants.COORD_DEVICE : FifConstants.COORD_HEAD);
                s.end(FifConstants.B_CH_INFO);
            }
        }
        s.end(FifConstants.B_MEAS_INFO);
    }

    /** MNE's annotations block: onsets, ends, descriptions; channel lists as JSON when any annotation has one. */
    private static void annotations(FifTagSink s, List<Annotation> anns) {
        if (anns.isEmpty()) {
            return;
        }
        double[] onset = new double[anns.size()];
        double[] end = new double[anns.size()];
        List<String> desc = new ArrayList<>();
        StringBuilder json = new StringBuilder("[");
        boolean anyChannel = false;
        for (int i = 0; i < anns.size(); i++) {
            Annotation a = anns.get(i);
            onset[i] = a.onset();
            end[i] = a.onset() + a.duration();
            desc.add(a.description());
            json.append(i == 0 ? "[" : ", [");
            if (!a.channel().isEmpty()) {
                anyChannel = true;
                String[] names = a.channel().split(",");
                for (int k = 0; k < names.length; k++) {
                    json.append(k == 0 ? "" : ", ").append(jsonString(names[k]));
                }
            }
            json.append(']');
        }
        s.start(FifConstants.B_MNE_ANNOTATIONS);
        // Doubles rather than MNE's float32: an onset an hour in keeps its microseconds (MNE reads either).
        s.doubles(FifConstants.MNE_BASELINE_MIN, onset);
        s.doubles(FifConstants.MNE_BASELINE_MAX, end);
        s.string(FifConstants.COMMENT, nameList(desc));
        if (anyChannel) {
            s.string(FifConstants.MNE_EPOCHS_DROP_LOG, json.append(']').toString());
        }
        s.end(FifConstants.B_MNE_ANNOTATIONS);
    }

    /** Unique names of at most 15 characters for the fixed channel records (the full ones go in extended blocks). */
    static List<String> shortNames(List<FifChannel> records) {
        List<String> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        records.forEach(c -> {
            if (c.name().length() <= 15) {
                taken.add(c.name());
            }
        });
        for (int i = 0; i < records.size(); i++) {
            String n = records.get(i).name();
            if (n.length() > 15) {
                String candidate = n.substring(0, 15);
                for (int k = 0; taken.contains(candidate); k++) {
                    String suffix = "-" + k;
                    candidate = n.substring(0, 15 - suffix.length()) + suffix;
                }
                n = candidate;
                taken.add(n);
            }
            out.add(n);
        }
        return out;
    }

    /** A colon-separated name list with MNE's {@code {COLON}} escape. */
    private static String nameList(List<String> names) {
        return String.join(":", names.stream().map(n -> n.replace(":", "{COLON}")).toList());
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static int[] date(LocalDateTime start) {
        if (start == null) {
            return DATE_NONE;
        }
        long secs = start.toEpochSecond(ZoneOffset.UTC);
        if (secs < Integer.MIN_VALUE || secs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("start " + start + " lies outside the dates FIF stores (32-bit seconds"
                    + " since 1970)");
        }
        return new int[] {(int) secs, start.getNano() / 1000};
    }

    private static double number(String s, double fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(s.trim());
            return Double.isFinite(v) ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static FifTransform identity() {
        return new FifTransform(FifConstants.COORD_DEVICE, FifConstants.COORD_HEAD, new double[] {1, 0, 0, 0, 1, 0,
            0, 0, 1}, new double[3]);
    }

    private static String describe(Recording rec) {
        return rec.source().map(Path::toString).orElse("the recording");
    }

    /** Options of {@link FifWriter}. */
    public static final class Builder {
        private FifTransform deviceToHead;
        private double bufferSeconds = 1;

        private Builder() {
        }

        /** The device-to-head transformation to store (default: the source FIF file's, else the identity). */
        public Builder optDeviceToHead(FifTransform t) {
            this.deviceToHead = Objects.requireNonNull(t, "t");
            return this;
        }

        /** Seconds per data buffer (default 1; buffers are also kept under 8 MiB). */
        public Builder optBufferSeconds(double seconds) {
            if (!(seconds > 0) || !Double.isFinite(seconds)) {
                throw new IllegalArgumentException("buffer length must be positive, got " + seconds);
            }
            this.bufferSeconds = seconds;
            return this;
        }

        public FifWriter build() {
            return new FifWriter(this);
        }
    }
}
