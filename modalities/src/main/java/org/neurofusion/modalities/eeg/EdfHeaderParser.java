package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Reads and checks the header of an EDF/EDF+/BDF/BDF+ file. Every count is checked against the file's
 * size before anything is allocated from it, and every error names the byte offset of the field.
 */
final class EdfHeaderParser {
    /** EDF+ allows at most this many signals in practice; far above any real montage, far below 2^31. */
    static final int MAX_SIGNALS = 65_535;
    private static final byte[] BDF_MAGIC = {(byte) 0xFF, 'B', 'I', 'O', 'S', 'E', 'M', 'I'};

    private final Path file;
    private final long fileSize;

    private EdfHeaderParser(Path file, long fileSize) {
        this.file = file;
        this.fileSize = fileSize;
    }

    static EdfHeader parse(Path file, FileChannel ch) {
        try {
            return new EdfHeaderParser(file, ch.size()).parse(ch);
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot read the EDF header: " + e.getMessage(), e);
        }
    }

    /** Whether the first bytes carry the EDF ("0" and spaces) or BDF (0xFF "BIOSEMI") signature. */
    static boolean hasSignature(byte[] head) {
        if (head.length >= 8 && startsWith(head, BDF_MAGIC)) {
            return true;
        }
        return head.length >= 8 && new String(head, 0, 8, StandardCharsets.US_ASCII).equals("0       ");
    }

    private EdfHeader parse(FileChannel ch) throws IOException {
        byte[] fixed = readFully(ch, 0, (int) Math.min(256, fileSize));
        if (fixed.length > 0 && fixed.length < 8 && (isPrefix(fixed, BDF_MAGIC)
                || isPrefix(fixed, "0       ".getBytes(StandardCharsets.US_ASCII)))) {
            throw new CorruptRecordingException(file, fileSize, "file ends inside the EDF version field (size "
                    + fileSize + ")");
        }
        boolean bdf;
        if (startsWith(fixed, BDF_MAGIC)) {
            bdf = true;
        } else if (fixed.length >= 8 && ascii(fixed, 0, 8).equals("0       ")) {
            bdf = false;
        } else {
            throw new UnsupportedFormatException(file, 0, "not EDF or BDF: the version field must be \"0\" (EDF) or "
                    + "0xFF \"BIOSEMI\" (BDF), found \"" + printable(fixed, 0, 8) + "\"");
        }
        if (fileSize < 256) {
            throw new CorruptRecordingException(file, fileSize, "file ends inside the 256-byte EDF header (size "
                    + fileSize + ")");
        }
        String patient = ascii(fixed, 8, 80).strip();
        String recording = ascii(fixed, 88, 80).strip();
        String date = ascii(fixed, 168, 8);
        String time = ascii(fixed, 176, 8);
        int headerBytes = (int) parseLong(fixed, 184, 8, "number of header bytes", 256, Integer.MAX_VALUE);
        String reserved = ascii(fixed, 192, 44).strip();
        long declaredRecords = parseLong(fixed, 236, 8, "number of data records", -1, Long.MAX_VALUE);
        double recordDuration = parseDouble(fixed, 244, 8, "duration of a data record");
        long ns = parseLong(fixed, 252, 4, "number of signals", 0, MAX_SIGNALS);
        if (recordDuration < 0 || !Double.isFinite(recordDuration)) {
            throw corrupt(244, "duration of a data record must be >= 0, found " + recordDuration);
        }
        boolean plus;
        boolean discontinuous = false;
        if (reserved.startsWith("EDF+") || reserved.startsWith("BDF+")) {
            if (reserved.startsWith("EDF+") == bdf) {
                throw corrupt(192, "reserved field says \"" + reserved + "\" but the version field says "
                        + (bdf ? "BDF" : "EDF"));
            }
            String variant = reserved.substring(4, Math.min(5, reserved.length()));
            if (!variant.equals("C") && !variant.equals("D")) {
                throw corrupt(192, "reserved field \"" + reserved + "\": expected " + reserved.substring(0, 4)
                        + "C or " + reserved.substring(0, 4) + "D");
            }
            plus = true;
            discontinuous = variant.equals("D");
        } else {
            plus = false;
        }
        long expectedHeader = 256L * (ns + 1);
        if (headerBytes != expectedHeader) {
            throw corrupt(184, "number of header bytes is " + headerBytes + ", but " + ns + " signals need "
                    + expectedHeader);
        }
        if (expectedHeader > fileSize) {
            throw corrupt(fileSize, "file ends inside the signal headers: " + ns + " signals need " + expectedHeader
                    + " header bytes, the file has " + fileSize);
        }
        int n = (int) ns;
        byte[] sig = readFully(ch, 256, n * 256);
        List<EdfSignal> signals = new ArrayList<>(n);
        long recordBytes = 0;
        int bps = bdf ? 3 : 2;
        int digLimitLow = bdf ? -8_388_608 : -32_768;
        int digLimitHigh = bdf ? 8_388_607 : 32_767;
        for (int i = 0; i < n; i++) {
            String label = ascii(sig, 16 * i, 16).strip();
            String transducer = ascii(sig, n * 16 + 80 * i, 80).strip();
            String dimension = latin1(sig, n * 96 + 8 * i, 8).strip();
            boolean annotation = label.equals("EDF Annotations") || label.equals("BDF Annotations");
            double pmin = parseDouble(sig, n * 104 + 8 * i, 8, "physical minimum of signal " + (i + 1), 256);
            double pmax = parseDouble(sig, n * 112 + 8 * i, 8, "physical maximum of signal " + (i + 1), 256);
            long dmin = parseLong(sig, n * 120 + 8 * i, 8, "digital minimum of signal " + (i + 1), 256,
                    digLimitLow, digLimitHigh);
            long dmax = parseLong(sig, n * 128 + 8 * i, 8, "digital maximum of signal " + (i + 1), 256,
                    digLimitLow, digLimitHigh);
            String prefilter = ascii(sig, n * 136 + 80 * i, 80).strip();
            long spr = parseLong(sig, n * 216 + 8 * i, 8, "samples per data record of signal " + (i + 1), 256, 1,
                    Integer.MAX_VALUE / 4);
            String sigReserved = ascii(sig, n * 224 + 32 * i, 32).strip();
            if (!annotation) {
                if (recordDuration > 0 && !(Double.isFinite(spr / recordDuration) && spr / recordDuration < 1e9)) {
                    throw corrupt(244, "duration of a data record (" + recordDuration + " s) gives signal " + (i + 1)
                            + " an impossible sampling rate of " + spr / recordDuration + " Hz");
                }
                if (dmax <= dmin) {
                    throw corrupt(256 + n * 128 + 8L * i, "signal " + (i + 1) + " (" + label + "): digital maximum "
                            + dmax + " must exceed digital minimum " + dmin);
                }
                if (pmax == pmin) {
                    throw corrupt(256 + n * 112 + 8L * i, "signal " + (i + 1) + " (" + label
                            + "): physical maximum equals physical minimum (" + pmin + ")");
                }
            }
            if (!annotation) {
                double gain = (pmax - pmin) / ((double) dmax - dmin);
                if (!Double.isFinite(gain) || gain == 0 || !Double.isFinite(pmin - gain * dmin)) {
                    throw corrupt(256 + n * 104 + 8L * i, "signal " + (i + 1) + " (" + label + "): physical range ["
                            + pmin + ", " + pmax + "] over digital [" + dmin + ", " + dmax + "] gives no finite,"
                            + " non-zero scale");
                }
            }
            signals.add(new EdfSignal(label, transducer, dimension, pmin, pmax, (int) dmin, (int) dmax, prefilter,
                    (int) spr, sigReserved, (int) Math.min(Integer.MAX_VALUE, recordBytes), unitScale(dimension)));
            recordBytes += spr * bps;
        }
        if (recordBytes > Integer.MAX_VALUE) {
            throw corrupt(256 + n * 216L, "a data record would be " + recordBytes + " bytes, more than 2 GiB");
        }
        boolean hasAnnotations = signals.stream().anyMatch(EdfSignal::isAnnotation);
        boolean hasData = signals.stream().anyMatch(s -> !s.isAnnotation());
        if (plus && !hasAnnotations) {
            throw corrupt(256, reserved + " file has no \"" + (bdf ? "BDF" : "EDF") + " Annotations\" signal");
        }
        if (hasData && recordDuration == 0) {
            throw corrupt(244, "duration of a data record is 0 but the file has data signals");
        }
        long available = fileSize - headerBytes;
        long records;
        if (recordBytes == 0) {
            records = 0;
        } else if (declaredRecords == -1) {
            records = available / recordBytes;
        } else {
            if (declaredRecords > available / recordBytes) {
                long needed = declaredRecords > Long.MAX_VALUE / recordBytes ? Long.MAX_VALUE
                        : headerBytes + declaredRecords * recordBytes;
                throw corrupt(236, "header declares " + declaredRecords + " data records of " + recordBytes
                        + " bytes (file size " + (needed == Long.MAX_VALUE ? "beyond 2^63" : needed)
                        + "), but the file has " + fileSize + " bytes: truncated or corrupt");
            }
            records = declaredRecords;
        }
        LocalDateTime start = parseStart(date, time, recording, plus);
        return new EdfHeader(bdf, plus, discontinuous, bdf ? "\\xFFBIOSEMI" : "0", patient, recording, start,
                headerBytes, reserved, records, declaredRecords, recordDuration, List.copyOf(signals), recordBytes);
    }

    private LocalDateTime parseStart(String date, String time, String recording, boolean plus) {
        int[] d = splitTriple(date, 168, "start date (dd.mm.yy)");
        int[] t = splitTriple(time, 176, "start time (hh.mm.ss)");
        int year;
        String ds = date.strip();
        if (ds.length() >= 8 && ds.substring(6, 8).equalsIgnoreCase("yy")) {
            year = plus ? yearFromRecordingField(recording) : -1;
            if (year < 0) {
                throw corrupt(168, "start date \"" + date + "\" gives the year as yy, but "
                        + (plus ? "the recording field has no Startdate with a 4-digit year" : "the file is not EDF+"));
            }
        } else {
            // EDF's clipping date: two-digit years 85-99 are 1985-1999, 00-84 are 2000-2084.
            year = d[2] >= 85 ? 1900 + d[2] : 2000 + d[2];
            if (plus) {
                int y4 = yearFromRecordingField(recording);
                if (y4 > 0 && y4 % 100 == d[2]) {
                    year = y4;
                }
            }
        }
        try {
            return LocalDateTime.of(year, d[1], d[0], t[0], t[1], t[2]);
        } catch (DateTimeException e) {
            throw corrupt(168, "invalid start date/time \"" + date + " " + time + "\": " + e.getMessage());
        }
    }

    private int[] splitTriple(String s, long offset, String what) {
        if (s.strip().length() >= 8 && s.substring(6, 8).equalsIgnoreCase("yy")) {
            try {
                return new int[] {Integer.parseInt(s.substring(0, 2)), Integer.parseInt(s.substring(3, 5)), -1};
            } catch (NumberFormatException e) {
                throw corrupt(offset, what + ": cannot parse \"" + s + "\"");
            }
        }
        String[] parts = s.strip().split("[.:\\-/ ]");
        if (parts.length != 3) {
            throw corrupt(offset, what + ": cannot parse \"" + s + "\"");
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw corrupt(offset, what + ": cannot parse \"" + s + "\"");
            }
            if (out[i] < 0) {
                throw corrupt(offset, what + ": negative field in \"" + s + "\"");
            }
        }
        return out;
    }

    /** The 4-digit year of EDF+'s "Startdate dd-MMM-yyyy" subfield, or -1 when absent or "X". */
    private static int yearFromRecordingField(String recording) {
        String[] f = recording.split(" +");
        if (f.length >= 2 && f[0].equals("Startdate") && f[1].length() == 11) {
            try {
                return Integer.parseInt(f[1].substring(7));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Factor from a physical dimension to SI. MNE scales µV (as uV, the micro sign, the Greek mu, or Shift-JIS's mu
     * read as latin-1 bytes 0x83 0xCA) and mV to V and leaves every other dimension unchanged; this also scales
     * microV and nV, which MNE would leave a million or a billion times too large.
     */
    static double unitScale(String dimension) {
        String d = dimension.strip();
        return switch (d) {
            case "uV", "µV", "\u03bcV", "\u0083\u00caV", "microV" -> 1e-6;
            case "mV" -> 1e-3;
            case "nV" -> 1e-9;
            default -> 1.0;
        };
    }

    private byte[] readFully(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw corrupt(pos + b.position(), "unexpected end of file inside the header");
            }
        }
        return b.array();
    }

    private long parseLong(byte[] b, int off, int len, String what, long min, long max) {
        return parseLong(b, off, len, what, 0, min, max);
    }

    private long parseLong(byte[] b, int off, int len, String what, long base, long min, long max) {
        String s = ascii(b, off, len).strip();
        long v;
        try {
            v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            // Some writers put "1.0" or "2048." where an integer belongs; accept exact integers only.
            try {
                double dv = Double.parseDouble(s);
                if (dv != Math.rint(dv) || Math.abs(dv) > 1e18) {
                    throw new NumberFormatException();
                }
                v = (long) dv;
            } catch (NumberFormatException e2) {
                throw corrupt(base + off, what + ": expected an integer, found \"" + printable(b, off, len) + "\"");
            }
        }
        if (v < min || v > max) {
            throw corrupt(base + off, what + " is " + v + ", outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private double parseDouble(byte[] b, int off, int len, String what) {
        return parseDouble(b, off, len, what, 0);
    }

    private double parseDouble(byte[] b, int off, int len, String what, long base) {
        String s = ascii(b, off, len).strip().replace(',', '.');
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || s.toLowerCase(Locale.ROOT).matches(".*[a-df-z].*")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw corrupt(base + off, what + ": expected a number, found \"" + printable(b, off, len) + "\"");
        }
    }

    private CorruptRecordingException corrupt(long offset, String problem) {
        return new CorruptRecordingException(file, offset, problem);
    }

    private static boolean isPrefix(byte[] b, byte[] of) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != of[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    /** Units are sometimes written as latin-1 "µV" (0xB5) although EDF asks for ASCII. */
    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len && i < b.length; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
