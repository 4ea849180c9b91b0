package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small synthetic BrainVision recordings (header, markers, data) whose every sample is known, to cover
 * what the shared real files lack: INT_32, VECTORIZED INT_16, big-endian data, odd units, hostile headers.
 * Settable fields describe the files; {@link #raw} gives the stored value of any sample.
 */
final class BrainVisionFixture {
    String signature = "Brain Vision Data Exchange Header File Version 1.0";
    String codepage = "UTF-8";
    String orientation = "MULTIPLEXED";
    String binaryFormat = "INT_16";
    int channels = 3;
    int samples = 100;
    String samplingInterval = "2000";
    boolean writeDataPoints = true;
    boolean bigEndian;
    boolean writeMarkerFile = true;
    Charset headerCharset = StandardCharsets.UTF_8;
    /** Channel lines; default {@code Ch<k>=E<k>,,0.5,µV}. */
    List<String> channelLines;
    /** Lines of a [Coordinates] section, or null for none. */
    List<String> coordinateLines;
    List<String> markerLines = new ArrayList<>(List.of("Mk1=New Segment,,1,1,0,20200102030405123456",
            "Mk2=Stimulus,S  1,11,1,0", "Mk3=Response,R  2,51,3,2"));

    BrainVisionSampleFormat format() {
        return BrainVisionSampleFormat.parse(binaryFormat).orElseThrow();
    }

    /** The stored value of sample {@code s} of channel {@code ch}: distinct per channel and sample. */
    double raw(int ch, long s) {
        switch (format()) {
            case INT_16:
                return ((ch * 131 + s * 17) % 4001) - 2000;
            case INT_32:
                return ((ch * 1_000_003L + s * 7_919L) % 2_000_000_000L) - 1_000_000_000L;
            default:
                return (float) (ch * 1.5 - 3 + s * 0.01);
        }
    }

    String header(String base) {
        StringBuilder h = new StringBuilder(signature).append("\r\n; synthetic test header\r\n\r\n[Common Infos]\r\n");
        if (codepage != null) {
            h.append("Codepage=").append(codepage).append("\r\n");
        }
        h.append("DataFile=").append(base).append(".eeg\r\n");
        if (writeMarkerFile) {
            h.append("MarkerFile=").append(base).append(".vmrk\r\n");
        }
        h.append("DataFormat=BINARY\r\nDataOrientation=").append(orientation).append("\r\n");
        h.append("NumberOfChannels=").append(channels).append("\r\n");
        if (writeDataPoints) {
            h.append("DataPoints=").append(samples).append("\r\n");
        }
        h.append("SamplingInterval=").append(samplingInterval).append("\r\n\r\n[Binary Infos]\r\nBinaryFormat=")
                .append(binaryFormat).append("\r\n");
        if (bigEndian) {
            h.append("UseBigEndianOrder=YES\r\n");
        }
        h.append("\r\n[Channel Infos]\r\n; Ch<n>=<Name>,<Reference>,<Resolution>,<Unit>\r\n");
        List<String> lines = channelLines;
        if (lines == null) {
            lines = new ArrayList<>();
            for (int k = 1; k <= channels; k++) {
                lines.add("Ch" + k + "=E" + k + ",,0.5,µV");
            }
        }
        lines.forEach(l -> h.append(l).append("\r\n"));
        if (coordinateLines != null) {
            h.append("\r\n[Coordinates]\r\n");
            coordinateLines.forEach(l -> h.append(l).append("\r\n"));
        }
        h.append("\r\n[Comment]\r\nsynthetic data\r\n");
        return h.toString();
    }

    String markers(String base) {
        StringBuilder m = new StringBuilder("Brain Vision Data Exchange Marker File, Version 1.0\r\n\r\n[Common Infos]\r\n"
                + "Codepage=UTF-8\r\nDataFile=" + base + ".eeg\r\n\r\n[Marker Infos]\r\n");
        markerLines.forEach(l -> m.append(l).append("\r\n"));
        return m.toString();
    }

    byte[] data() {
        BrainVisionSampleFormat f = format();
        ByteBuffer b = ByteBuffer.allocate(channels * samples * f.bytes())
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean mux = orientation.equals("MULTIPLEXED");
        for (int i = 0; i < channels * samples; i++) {
            int ch = mux ? i % channels : i / samples;
            int s = mux ? i / channels : i % samples;
            double v = raw(ch, s);
            switch (f) {
                case INT_16 -> b.putShort((short) v);
                case INT_32 -> b.putInt((int) v);
                default -> b.putFloat((float) v);
            }
        }
        return b.array();
    }

    /** Writes {@code base.vhdr}, {@code base.vmrk} and {@code base.eeg} into {@code dir}; returns the header. */
    Path write(Path dir, String base) {
        try {
            Path vhdr = dir.resolve(base + ".vhdr");
            Files.write(vhdr, header(base).getBytes(headerCharset));
            if (writeMarkerFile) {
                Files.writeString(dir.resolve(base + ".vmrk"), markers(base), StandardCharsets.UTF_8);
            }
            Files.write(dir.resolve(base + ".eeg"), data());
            return vhdr;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
