package org.neurofusion.modalities.eeg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.CorruptRecordingException;

/**
 * Parses the time-stamped annotation lists (TALs) of one EDF+/BDF+ annotation signal in one data record:
 * {@code +onset[\x15duration]\x14text\x14[text\x14...]\x00}, texts in UTF-8, unused bytes zero.
 */
final class TalParser {
    private TalParser() {
    }

    /** One TAL: an onset (seconds from the file's start time), an optional duration and its texts. */
    record Tal(double onset, double duration, List<String> texts) {
    }

    /**
     * Parses the TALs in {@code b[off .. off+len)}.
     *
     * @param fileOffset the byte offset of {@code b[off]} in the file, for error messages
     */
    static List<Tal> parse(Path file, long fileOffset, byte[] b, int off, int len) {
        List<Tal> out = new ArrayList<>();
        int end = off + len;
        int p = off;
        while (p < end) {
            if (b[p] == 0) {
                p++; // padding between or after TALs
                continue;
            }
            int talStart = p;
            if (b[p] != '+' && b[p] != '-') {
                throw new CorruptRecordingException(file, fileOffset + (p - off), "annotation list must start with"
                        + " '+' or '-' followed by the onset, found byte 0x" + Integer.toHexString(b[p] & 0xff));
            }
            int q = p;
            while (q < end && b[q] != 0x14 && b[q] != 0x15 && b[q] != 0) {
                q++;
            }
            if (q >= end || b[q] == 0) {
                throw new CorruptRecordingException(file, fileOffset + (p - off),
                        "annotation list is not terminated by 0x14 after its onset");
            }
            double onset = number(file, fileOffset + (p - off), b, p, q, "onset");
            double duration = 0;
            if (b[q] == 0x15) {
                int r = q + 1;
                while (r < end && b[r] != 0x14 && b[r] != 0) {
                    r++;
                }
                if (r >= end || b[r] != 0x14) {
                    throw new CorruptRecordingException(file, fileOffset + (q - off),
                            "annotation duration is not terminated by 0x14");
                }
                duration = number(file, fileOffset + (q + 1 - off), b, q + 1, r, "duration");
                if (duration < 0) {
                    throw new CorruptRecordingException(file, fileOffset + (q + 1 - off),
                            "annotation duration is negative: " + duration);
                }
                q = r;
            }
            // q is at the 0x14 that ends the onset/duration; texts follow, each ended by 0x14, the TAL by 0.
            List<String> texts = new ArrayList<>();
            int t = q + 1;
            while (true) {
                int u = t;
                while (u < end && b[u] != 0x14 && b[u] != 0) {
                    u++;
                }
                if (u >= end) {
                    throw new CorruptRecordingException(file, fileOffset + (talStart - off),
                            "annotation list runs past the end of the annotation signal without a closing 0");
                }
                if (b[u] == 0) {
                    if (u > t) {
                        // A text that ends in 0 instead of 0x14: lenient, keep it.
                        texts.add(new String(b, t, u - t, StandardCharsets.UTF_8));
                    }
                    p = u + 1;
                    break;
                }
                texts.add(new String(b, t, u - t, StandardCharsets.UTF_8));
                t = u + 1;
                if (t < end && b[t] == 0) {
                    p = t + 1;
                    break;
                }
            }
            out.add(new Tal(onset, duration, List.copyOf(texts)));
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static double number(Path file, long offset, byte[] b, int from, int to, String what) {
        String s = new String(b, from, to - from, StandardCharsets.US_ASCII);
        if (s.length() > 40 || !s.matches("[+-]?[0-9]+(\\.[0-9]*)?|[+-]?\\.[0-9]+")) {
            throw new CorruptRecordingException(file, offset, "annotation " + what + " \"" + shorten(s)
                    + "\" is not a decimal number of at most 40 characters");
        }
        double v = Double.parseDouble(s);
        // More than 300 years from the start time is no recording: refuse rather than shift dates silently.
        if (Math.abs(v) > 1e10) {
            throw new CorruptRecordingException(file, offset, "annotation " + what + " " + s
                    + " s is beyond 1e10 s (300 years)");
        }
        return v;
    }
}
