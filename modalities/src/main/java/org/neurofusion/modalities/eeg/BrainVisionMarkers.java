package org.neurofusion.modalities.eeg;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.eeg.BrainVisionIni.Entry;

/**
 * The markers of a BrainVision marker file ({@code .vmrk}): {@code Mk<n>=type,description,position,length,
 * channel[,date]}, positions and lengths in samples (positions counted from 1), and the recording's start
 * date, taken as MNE takes it from the first {@code New Segment} marker that carries one.
 */
final class BrainVisionMarkers {
    /** Marker files grow with the number of events, but half a gigabyte of text is not a marker file. */
    static final long MAX_MARKER_BYTES = 512L << 20;
    static final String NEW_SEGMENT = "New Segment";
    private static final Pattern SIGNATURE = Pattern.compile(
            "^Brain ?Vision( Core| V-Amp)? Data( Exchange)? Marker File,? Version (\\d+)\\.(\\d+)$");
    private static final Pattern MARKER_KEY = Pattern.compile("(?i)mk(\\d{1,9})");
    private static final Pattern DATE = Pattern.compile("\\d{20}");

    /**
     * One marker. {@code channel} is 0 when the marker concerns all channels, otherwise 1-based;
     * {@code date} is present only on markers (usually New Segment) that carry a non-zero date.
     */
    record Marker(int number, String type, String description, long position, long length, int channel,
            Optional<LocalDateTime> date, int line) {
        boolean isNewSegment() {
            return NEW_SEGMENT.equals(type);
        }

        /** The annotation text MNE gives this marker: {@code type/description}. */
        String annotationText() {
            return type + "/" + description;
        }
    }

    final Path file;
    final String version;
    final List<Marker> markers;
    final Optional<LocalDateTime> start;
    final String encoding;
    final List<String> warnings;

    private BrainVisionMarkers(Path file, String version, List<Marker> markers, Optional<LocalDateTime> start,
            String encoding, List<String> warnings) {
        this.file = file;
        this.version = version;
        this.markers = List.copyOf(markers);
        this.start = start;
        this.encoding = encoding;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads a marker file.
     *
     * @param channelCount channels of the recording, to check the markers' channel numbers against
     */
    static BrainVisionMarkers read(Path vmrk, int channelCount) {
        String first = BrainVisionIni.readFirstLine(vmrk, 256, "marker file");
        Matcher sig = SIGNATURE.matcher(first);
        if (!sig.matches()) {
            throw new CorruptRecordingException(vmrk, 0, "marker file does not start with the BrainVision marker "
                    + "signature: its first line is " + BrainVisionIni.snippet(first)
                    + ", expected 'Brain Vision Data Exchange Marker File, Version 1.0' (or 2.0)");
        }
        String version = sig.group(3) + "." + sig.group(4);
        if (!version.equals("1.0") && !version.equals("2.0")) {
            throw new UnsupportedFormatException(vmrk, 0, "BrainVision marker file version " + version
                    + " is not supported (versions 1.0 and 2.0 are)");
        }
        BrainVisionIni ini = BrainVisionIni.read(vmrk, MAX_MARKER_BYTES, "marker file");
        List<Marker> markers = new ArrayList<>();
        ini.section("Marker Infos").ifPresent(s -> {
            for (Entry e : s.entries()) {
                markers.add(marker(vmrk, e, channelCount));
            }
        });
        return new BrainVisionMarkers(vmrk, version, markers, startDate(markers), ini.charset().name(),
                ini.warnings());
    }

    /** As MNE: the date of the first New Segment marker with a date field; an all-zero date means none. */
    private static Optional<LocalDateTime> startDate(List<Marker> markers) {
        for (Marker m : markers) {
            if (m.isNewSegment() && m.date().isPresent()) {
                return m.date();
            }
        }
        return Optional.empty();
    }

    private static Marker marker(Path vmrk, Entry e, int channelCount) {
        Matcher key = MARKER_KEY.matcher(e.key());
        if (!key.matches()) {
            throw BrainVisionIni.corrupt(vmrk, e.line(), "key " + BrainVisionIni.snippet(e.key())
                    + " in section [Marker Infos]; expected Mk<number>");
        }
        String[] f = e.value().split(",", -1);
        if (f.length < 4) {
            throw BrainVisionIni.corrupt(vmrk, e.line(), e.key() + " has " + f.length + " fields "
                    + BrainVisionIni.snippet(e.value()) + "; expected type,description,position,length[,channel[,date]]");
        }
        String type = f[0].replace("\\1", ",");
        String description = f[1].replace("\\1", ",");
        long position = integer(vmrk, e, f[2], "position", false);
        long length = f[3].isBlank() ? 0 : integer(vmrk, e, f[3], "length", true);
        int channel = 0;
        if (f.length > 4 && !f[4].isBlank()) {
            long c = integer(vmrk, e, f[4], "channel number", false);
            if (c > channelCount) {
                throw BrainVisionIni.corrupt(vmrk, e.line(), e.key() + " refers to channel " + c + " but the recording"
                        + " has " + channelCount + " channels");
            }
            // Some recorders write -1 for "all channels", as 0 means.
            channel = (int) Math.max(0, c);
        }
        Optional<LocalDateTime> date = Optional.empty();
        if (f.length > 5 && DATE.matcher(f[5].strip()).matches()) {
            date = date(vmrk, e, f[5].strip());
        } else if (f.length > 5 && !f[5].isBlank() && NEW_SEGMENT.equals(type)) {
            // MNE silently ignores such a date; a cut or garbled one would silently lose the start time.
            throw BrainVisionIni.corrupt(vmrk, e.line(), e.key() + " New Segment date " + BrainVisionIni.snippet(f[5])
                    + " is not YYYYMMDDhhmmssuuuuuu (20 digits)");
        }
        return new Marker(Integer.parseInt(key.group(1)), type, description, position, length, channel, date,
                e.line());
    }

    private static long integer(Path vmrk, Entry e, String text, String what, boolean nonNegative) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException ex) {
            throw BrainVisionIni.corrupt(vmrk, e.line(), e.key() + " " + what + " " + BrainVisionIni.snippet(text)
                    + " is not an integer");
        }
        if (nonNegative && v < 0) {
            throw BrainVisionIni.corrupt(vmrk, e.line(), e.key() + " " + what + " " + v + " is negative");
        }
        return v;
    }

    /** {@code YYYYMMDDhhmmssuuuuuu}; all zeros means "no date", as recorders write it. */
    private static Optional<LocalDateTime> date(Path vmrk, Entry e, String s) {
        if (s.chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8)), Integer.parseInt(s.substring(8, 10)),
                    Integer.parseInt(s.substring(10, 12)), Integer.parseInt(s.substring(12, 14)),
                    Integer.parseInt(s.substring(14, 20)) * 1000));
        } catch (DateTimeException ex) {
            throw BrainVisionIni.corrupt(vmrk, e.line(), e.key() + " date " + s + " is not a valid date and time"
                    + " (YYYYMMDDhhmmssuuuuuu): " + ex.getMessage());
        }
    }
}
