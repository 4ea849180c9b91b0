package org.neurofusion.modalities.fnirs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.CorruptRecordingException;

/**
 * Trigger events of a NIRx recording, as MNE 1.3 turns them into annotations: onset = frame / sampling rate,
 * duration 1 s (the files store none), description the trigger value printed as a float ({@code "3.0"}).
 */
final class NirxEvents {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** Longest run of trigger bits accepted on an .evt line (NIRScout has 4 to 8 trigger inputs). */
    private static final int MAX_BITS = 30;

    private NirxEvents() {
    }

    /**
     * NIRStar's {@code .evt}: per line a frame number then one 0/1 column per trigger input, least significant
     * first ({@code 26 1 1 0 0 ...} is trigger 3 at frame 26).
     */
    static List<Annotation> evt(Path file, String text, double rate) {
        List<Annotation> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n");
        int columns = -1;
        int first = -1;
        for (int i = 0; i < lines.length; i++) {
            List<String> f = digitRuns(lines[i]);
            if (f.isEmpty()) {
                continue;
            }
            if (f.size() < 2 || f.size() - 1 > MAX_BITS) {
                throw new CorruptRecordingException(file, -1, "line " + (i + 1) + ": expected a frame number and "
                        + "1 to " + MAX_BITS + " trigger bits, got \"" + NirxIni.abbreviate(lines[i].strip()) + "\"");
            }
            // One bit per trigger input on every line: a line with fewer was cut (its missing bits would read as 0,
            // another trigger value), a line with more belongs to no file NIRStar writes.
            if (columns < 0) {
                columns = f.size();
                first = i;
            } else if (f.size() != columns) {
                throw new CorruptRecordingException(file, -1, "line " + (i + 1) + ": " + (f.size() - 1)
                        + " trigger bits, but line " + (first + 1) + " has " + (columns - 1) + " (one per trigger"
                        + " input on every line; was the file cut short?)");
            }
            endsItsLine(file, text, lines, i);
            long value = 0;
            for (int k = f.size() - 1; k >= 1; k--) {
                String bit = f.get(k);
                if (!bit.equals("0") && !bit.equals("1")) {
                    throw new CorruptRecordingException(file, -1, "line " + (i + 1) + ", column " + (k + 1)
                            + ": trigger bit '" + NirxIni.abbreviate(bit) + "' is not 0 or 1");
                }
                value = value * 2 + (bit.equals("1") ? 1 : 0);
            }
            out.add(new Annotation(onset(file, frame(file, f.get(0), i), rate, i), 1.0, value + ".0"));
        }
        return out;
    }

    /**
     * Aurora's {@code .tri}: {@code 2021-10-01T17:27:20.809628;179;1} (9 digit runs: frame 8th, value 9th) or,
     * from Aurora 2021.9.6 on, 12 digit runs with the frame 8th and the value 11th, as MNE reads them.
     */
    static List<Annotation> tri(Path file, String text, double rate) {
        List<Annotation> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n");
        for (int i = 0; i < lines.length; i++) {
            List<String> f = digitRuns(lines[i]);
            if (f.isEmpty()) {
                continue;
            }
            endsItsLine(file, text, lines, i);
            int valueIndex = switch (f.size()) {
                case 9 -> 8;
                case 12 -> 10;
                default -> throw new CorruptRecordingException(file, -1, "line " + (i + 1) + ": expected a time "
                        + "stamp, a frame number and a trigger value, got \"" + NirxIni.abbreviate(lines[i].strip())
                        + "\"");
            };
            // MNE prints the value as a Python float: "1.0".
            out.add(new Annotation(onset(file, frame(file, f.get(7), i), rate, i), 1.0,
                    frame(file, f.get(valueIndex), i) + ".0"));
        }
        return out;
    }

    /**
     * Refuses an event on the file's last line when the file does not end with a line end: the file was cut inside
     * that line, and its last number (a trigger bit, a frame, a trigger value) may have lost digits, which would read
     * as another event. NIRStar and Aurora end every line, as every shared file does.
     */
    private static void endsItsLine(Path file, String text, String[] lines, int i) {
        // split() drops trailing empty strings only: a line followed by another element was followed by a line end
        if (i == lines.length - 1 && !text.endsWith("\n") && !text.endsWith("\r")) {
            throw new CorruptRecordingException(file, -1, "line " + (i + 1) + ": the file ends inside this event"
                    + " line, without a line end (cut short?): \"" + NirxIni.abbreviate(lines[i].strip()) + "\"");
        }
    }

    /** The onset of a frame in seconds, which a tiny sampling rate could make infinite. */
    private static double onset(Path file, long frame, double rate, int line) {
        double t = frame / rate;
        if (!Double.isFinite(t)) {
            throw new CorruptRecordingException(file, -1, "line " + (line + 1) + ": frame " + frame + " at the header's"
                    + " sampling rate of " + rate + " Hz is not a finite time");
        }
        return t;
    }

    private static List<String> digitRuns(String line) {
        List<String> f = new ArrayList<>();
        Matcher m = DIGITS.matcher(line);
        while (m.find()) {
            f.add(m.group());
        }
        return f;
    }

    private static long frame(Path file, String s, int line) {
        if (s.length() > 15) {
            throw new CorruptRecordingException(file, -1, "line " + (line + 1) + ": number " + NirxIni.abbreviate(s)
                    + " is too large");
        }
        return Long.parseLong(s);
    }
}
