package org.neurofusion.modalities.eeg;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.eeg.BrainVisionIni.Entry;
import org.neurofusion.modalities.eeg.BrainVisionIni.Section;

/**
 * What a BrainVision header file ({@code .vhdr}, versions 1.0 and 2.0) says: where the data and markers
 * are, how samples are stored, and each channel's name, scaling, unit, type and position. Channel types,
 * scaling and positions follow MNE-Python's reader (1.3), so values agree with what MNE users see.
 */
final class BrainVisionHeader {
    /** Headers are a few kB; anything this large is not a header, and is refused before it is read. */
    static final long MAX_HEADER_BYTES = 64L << 20;
    private static final Pattern SIGNATURE = Pattern.compile(
            "^Brain ?Vision( Core| V-Amp)? Data( Exchange)? Header File,? Version (\\d+)\\.(\\d+)$");
    private static final Pattern HEADER_LIKE = Pattern.compile("(?i)^Brain ?Vision.*Header File");
    private static final Pattern CHANNEL_KEY = Pattern.compile("(?i)ch(\\d{1,9})");
    static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
    /** MNE's default EOG channel names for BrainVision recordings. */
    private static final Set<String> EOG_NAMES = Set.of("HEOGL", "HEOGR", "VEOGb");
    /** MNE's default head radius (0.095 m), in mm: idealised coordinates (radius 1) are scaled to it. */
    private static final double HEAD_RADIUS_MM = 95.0;

    /** A unit as written in the file: the factor to its SI unit, the SI unit, whether it is a voltage. */
    private record Unit(double scale, String si, boolean voltage) {
    }

    private static final Map<String, Unit> UNITS = units();

    /** One channel as the header describes it. */
    record ChannelInfo(int number, String name, String reference, double resolution, String unitInFile,
            double unitScale, String unit, ChannelType type, Optional<SensorPosition> position) {
        /** Factor from a raw sample to the SI value, computed as MNE does (resolution × unit scale). */
        double factor() {
            return resolution * unitScale;
        }
    }

    final Path file;
    final String version;
    final Path dataFile;
    final Optional<Path> markerFile;
    final BrainVisionSampleFormat sampleFormat;
    final boolean multiplexed;
    final boolean bigEndian;
    final double samplingRate;
    /** The header line of SamplingInterval, and its text, for errors found once the data's length is known. */
    final int samplingIntervalLine;
    final String samplingIntervalText;
    /** DataPoints as declared, or -1 when the header has none. */
    final long declaredDataPoints;
    final List<ChannelInfo> channels;
    final Map<String, String> fields;
    final List<String> warnings;

    private BrainVisionHeader(Builder b) {
        this.file = b.file;
        this.version = b.version;
        this.dataFile = b.dataFile;
        this.markerFile = Optional.ofNullable(b.markerFile);
        this.sampleFormat = b.sampleFormat;
        this.multiplexed = b.multiplexed;
        this.bigEndian = b.bigEndian;
        this.samplingRate = b.samplingRate;
        this.samplingIntervalLine = b.samplingIntervalLine;
        this.samplingIntervalText = b.samplingIntervalText;
        this.declaredDataPoints = b.declaredDataPoints;
        this.channels = List.copyOf(b.channels);
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(b.fields));
        this.warnings = List.copyOf(b.warnings);
    }

    private static final class Builder {
        Path file;
        String version;
        Path dataFile;
        Path markerFile;
        BrainVisionSampleFormat sampleFormat;
        boolean multiplexed;
        boolean bigEndian;
        double samplingRate;
        int samplingIntervalLine;
        String samplingIntervalText;
        long declaredDataPoints = -1;
        List<ChannelInfo> channels;
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
    }

    /** Checks the signature, then reads and interprets the header; reads no other file. */
    static BrainVisionHeader read(Path vhdr) {
        String first = BrainVisionIni.readFirstLine(vhdr, 256, "header file");
        String version = checkSignature(vhdr, first);
        BrainVisionIni ini = BrainVisionIni.read(vhdr, MAX_HEADER_BYTES, "header file");
        Builder b = new Builder();
        b.file = vhdr;
        b.version = version;
        b.warnings.addAll(ini.warnings());
        b.fields.put("Version", version);
        b.fields.put("Codepage", ini.declaredCodepage() == null ? "" : ini.declaredCodepage());
        b.fields.put("Encoding", ini.charset().name());

        Section common = ini.requireSection("Common Infos");
        common.entries().forEach(e -> b.fields.put(e.key(), e.value()));
        ini.section("Binary Infos").ifPresent(s -> s.entries().forEach(e -> b.fields.put(e.key(), e.value())));

        Entry format = ini.require(common, "DataFormat");
        if (format.value().equalsIgnoreCase("ASCII")) {
            throw new UnsupportedFormatException(vhdr, -1, "line " + format.line() + ": DataFormat=ASCII (samples "
                    + "as text) is not supported; only BINARY data can be read lazily. Export the data as BINARY.");
        }
        if (!format.value().equalsIgnoreCase("BINARY")) {
            throw new UnsupportedFormatException(vhdr, -1, "line " + format.line() + ": DataFormat="
                    + BrainVisionIni.snippet(format.value()) + " is not supported; expected BINARY");
        }
        ini.section("Common Infos").flatMap(s -> s.get("DataType")).ifPresent(e -> {
            if (!e.value().equalsIgnoreCase("TIMEDOMAIN")) {
                throw new UnsupportedFormatException(vhdr, -1, "line " + e.line() + ": DataType="
                        + BrainVisionIni.snippet(e.value()) + " is not supported; only TIMEDOMAIN data is");
            }
        });
        Entry orientation = ini.require(common, "DataOrientation");
        switch (orientation.value().toUpperCase(Locale.ROOT)) {
            case "MULTIPLEXED" -> b.multiplexed = true;
            case "VECTORIZED" -> b.multiplexed = false;
            default -> throw new UnsupportedFormatException(vhdr, -1, "line " + orientation.line()
                    + ": DataOrientation=" + BrainVisionIni.snippet(orientation.value())
                    + " is not supported; expected MULTIPLEXED or VECTORIZED");
        }
        Section binary = ini.requireSection("Binary Infos");
        Entry bf = ini.require(binary, "BinaryFormat");
        b.sampleFormat = BrainVisionSampleFormat.parse(bf.value()).orElseThrow(() -> new UnsupportedFormatException(
                vhdr, -1, "line " + bf.line() + ": BinaryFormat=" + BrainVisionIni.snippet(bf.value())
                        + " is not supported; expected INT_16, INT_32 or IEEE_FLOAT_32"));
        binary.get("UseBigEndianOrder").ifPresent(e -> {
            if (e.value().equalsIgnoreCase("YES")) {
                b.bigEndian = true;
            } else if (!e.value().equalsIgnoreCase("NO")) {
                throw BrainVisionIni.corrupt(vhdr, e.line(), "UseBigEndianOrder=" + BrainVisionIni.snippet(e.value())
                        + "; expected YES or NO");
            }
        });

        Entry interval = ini.require(common, "SamplingInterval");
        double us = parseDecimal(vhdr, interval);
        b.samplingRate = 1e6 / us;
        b.samplingIntervalLine = interval.line();
        b.samplingIntervalText = interval.value();
        if (!(us > 0) || !Double.isFinite(b.samplingRate) || b.samplingRate <= 0) {
            throw BrainVisionIni.corrupt(vhdr, interval.line(), "SamplingInterval=" + interval.value()
                    + " µs does not give a positive, finite sampling rate");
        }
        common.get("DataPoints").filter(e -> !e.value().isEmpty())
                .ifPresent(e -> b.declaredDataPoints = parseLong(vhdr, e, 0, Long.MAX_VALUE));

        b.dataFile = resolveSibling(vhdr, ini.require(common, "DataFile"), "data file");
        Optional<Entry> marker = common.get("MarkerFile").filter(e -> !e.value().isEmpty());
        if (marker.isPresent()) {
            b.markerFile = resolveSibling(vhdr, marker.get(), "marker file");
        }

        b.channels = channels(vhdr, ini, common);
        if (!ini.comment().isEmpty()) {
            b.fields.put("Comment", ini.comment());
        }
        return new BrainVisionHeader(b);
    }

    private static String checkSignature(Path vhdr, String first) {
        Matcher m = SIGNATURE.matcher(first);
        if (m.matches()) {
            String v = m.group(3) + "." + m.group(4);
            if (v.equals("1.0") || v.equals("2.0")) {
                return v;
            }
            throw new UnsupportedFormatException(vhdr, 0, "BrainVision header version " + v
                    + " is not supported (versions 1.0 and 2.0 are)");
        }
        String why = HEADER_LIKE.matcher(first).find() ? "an unrecognised BrainVision header signature "
                : "not a BrainVision header: its first line is ";
        throw new UnsupportedFormatException(vhdr, 0, why + BrainVisionIni.snippet(first)
                + ", expected 'Brain Vision Data Exchange Header File Version 1.0' (or 2.0)");
    }

    private static List<ChannelInfo> channels(Path vhdr, BrainVisionIni ini, Section common) {
        Section infos = ini.requireSection("Channel Infos");
        Entry count = ini.require(common, "NumberOfChannels");
        List<Entry> entries = infos.entries();
        // Compared with the lines present before anything is sized by it: a hostile count allocates nothing.
        long n = parseLong(vhdr, count, 1, Integer.MAX_VALUE);
        if (n != entries.size()) {
            throw BrainVisionIni.corrupt(vhdr, count.line(), "NumberOfChannels=" + n + " but section [Channel Infos]"
                    + " (line " + infos.line() + ") describes " + entries.size() + " channels");
        }
        Entry[] byNumber = new Entry[(int) n];
        for (Entry e : entries) {
            int k = channelNumber(vhdr, e, (int) n, "Channel Infos");
            if (byNumber[k - 1] != null) {
                throw BrainVisionIni.corrupt(vhdr, e.line(), "channel " + k + " described twice (first at line "
                        + byNumber[k - 1].line() + ")");
            }
            byNumber[k - 1] = e;
        }
        Map<Integer, Entry> coordinates = new HashMap<>();
        ini.section("Coordinates").ifPresent(s -> {
            for (Entry e : s.entries()) {
                coordinates.put(channelNumber(vhdr, e, (int) n, "Coordinates"), e);
            }
        });
        List<ChannelInfo> out = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            out.add(channel(vhdr, i + 1, byNumber[i], coordinates.get(i + 1)));
        }
        return uniqueNames(out);
    }

    private static int channelNumber(Path vhdr, Entry e, int n, String section) {
        Matcher m = CHANNEL_KEY.matcher(e.key());
        if (!m.matches()) {
            throw BrainVisionIni.corrupt(vhdr, e.line(), "key " + BrainVisionIni.snippet(e.key()) + " in section ["
                    + section + "]; expected Ch<number>");
        }
        long k = Long.parseLong(m.group(1));
        if (k < 1 || k > n) {
            throw BrainVisionIni.corrupt(vhdr, e.line(), e.key() + " in section [" + section
                    + "] is outside 1.." + n + " (NumberOfChannels)");
        }
        return (int) k;
    }

    private static ChannelInfo channel(Path vhdr, int number, Entry e, Entry coordinate) {
        String[] props = e.value().split(",", -1);
        String name = props[0].replace("\\1", ",");
        String reference = props.length > 1 ? props[1].replace("\\1", ",") : "";
        String res = props.length > 2 ? props[2].strip() : "";
        // As MNE and the specification: no unit, or an empty one, means microvolts.
        String unitText = props.length > 3 && !props[3].strip().isEmpty() ? props[3].strip() : "µV";
        // MNE drops stray 0xC2 bytes: the first half of a UTF-8 'µ' read as Latin-1.
        unitText = unitText.replace("\u00c2", "");
        double resolution = 1.0;
        if (!res.isEmpty()) {
            if (!DECIMAL.matcher(res).matches()) {
                throw BrainVisionIni.corrupt(vhdr, e.line(), "channel " + number + " resolution "
                        + BrainVisionIni.snippet(res) + " is not a number");
            }
            resolution = Double.parseDouble(res);
            if (!Double.isFinite(resolution)) {
                throw BrainVisionIni.corrupt(vhdr, e.line(), "channel " + number + " resolution " + res
                        + " is not finite");
            }
        }
        Unit unit = UNITS.getOrDefault(unitText, new Unit(1.0, unitText, false));
        ChannelType type;
        if (EOG_NAMES.contains(name)) {
            type = ChannelType.EOG;
        } else {
            // MNE reads channels whose unit is not a voltage as misc, in their own unit.
            type = unit.voltage() ? ChannelType.EEG : ChannelType.MISC;
        }
        Optional<SensorPosition> position = Optional.empty();
        if (coordinate != null) {
            double[] sph = parseCoordinate(vhdr, coordinate, number);
            if (!Double.isFinite(sph[0]) || !Double.isFinite(sph[1]) || !Double.isFinite(sph[2])) {
                position = Optional.empty(); // e.g. 1e999: no usable position
            } else if (sph[0] == 0) {
                // MNE: a sensor at the origin has no position, and is not treated as an EEG electrode.
                if (type == ChannelType.EEG) {
                    type = ChannelType.MISC;
                }
            } else if (sph[0] > 0) { // a negative radius is meaningless: no position
                position = Optional.of(toCartesian(sph[0], sph[1], sph[2]));
            }
        }
        return new ChannelInfo(number, name, reference, resolution, unitText, unit.scale(), unit.si(), type, position);
    }

    private static double[] parseCoordinate(Path vhdr, Entry e, int number) {
        String[] parts = e.value().split(",", -1);
        if (parts.length != 3) {
            throw BrainVisionIni.corrupt(vhdr, e.line(), "coordinates of channel " + number + " are "
                    + BrainVisionIni.snippet(e.value()) + "; expected radius,theta,phi");
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            String p = parts[i].strip();
            if (!DECIMAL.matcher(p).matches()) {
                throw BrainVisionIni.corrupt(vhdr, e.line(), "coordinates of channel " + number + ": "
                        + BrainVisionIni.snippet(p) + " is not a number");
            }
            out[i] = Double.parseDouble(p);
        }
        return out;
    }

    /**
     * MNE's conversion: theta is the polar angle from +z, phi the azimuth from +x, both in degrees; the radius
     * is in mm, and an idealised radius of 1 means MNE's default head radius.
     */
    static SensorPosition toCartesian(double radius, double thetaDeg, double phiDeg) {
        double r = radius == 1 ? HEAD_RADIUS_MM : radius;
        double pol = Math.toRadians(thetaDeg);
        double az = Math.toRadians(phiDeg);
        double xy = r * Math.sin(pol);
        return new SensorPosition(xy * Math.cos(az) / 1e3, xy * Math.sin(az) / 1e3, r * Math.cos(pol) / 1e3);
    }

    /** Duplicate names get running numbers, as MNE gives them ({@code Fz-0}, {@code Fz-1}). */
    private static List<ChannelInfo> uniqueNames(List<ChannelInfo> in) {
        Map<String, Integer> counts = new HashMap<>();
        in.forEach(c -> counts.merge(c.name(), 1, Integer::sum));
        if (counts.values().stream().allMatch(k -> k == 1)) {
            return in;
        }
        Set<String> taken = new HashSet<>(counts.keySet());
        Map<String, Integer> next = new HashMap<>();
        List<ChannelInfo> out = new ArrayList<>(in.size());
        for (ChannelInfo c : in) {
            if (counts.get(c.name()) == 1) {
                out.add(c);
                continue;
            }
            String candidate;
            do {
                int k = next.merge(c.name(), 1, Integer::sum) - 1;
                candidate = c.name() + "-" + k;
            } while (!taken.add(candidate));
            out.add(new ChannelInfo(c.number(), candidate, c.reference(), c.resolution(), c.unitInFile(),
                    c.unitScale(), c.unit(), c.type(), c.position()));
        }
        return out;
    }

    private static Path resolveSibling(Path vhdr, Entry e, String what) {
        String v = e.value();
        Path dir = vhdr.toAbsolutePath().getParent();
        Path direct = null;
        try {
            direct = dir.resolve(v);
            if (Files.isRegularFile(direct)) {
                return direct;
            }
        } catch (InvalidPathException ignored) {
            // tried by its bare name below
        }
        // Recorders on Windows sometimes store a full path; the three files travel together, so try the name.
        String bare = v.substring(Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\')) + 1);
        try {
            Path sibling = dir.resolve(bare);
            if (!bare.isEmpty() && Files.isRegularFile(sibling)) {
                return sibling;
            }
        } catch (InvalidPathException ignored) {
            // reported below
        }
        throw new RecordingException(vhdr, -1, "line " + e.line() + ": " + what + " " + BrainVisionIni.snippet(v)
                + " named by " + e.key() + "= does not exist" + (direct == null ? "" : " (looked for " + direct + ")"));
    }

    static double parseDecimal(Path file, Entry e) {
        if (!DECIMAL.matcher(e.value()).matches()) {
            throw BrainVisionIni.corrupt(file, e.line(), e.key() + "=" + BrainVisionIni.snippet(e.value())
                    + " is not a number");
        }
        return Double.parseDouble(e.value());
    }

    static long parseLong(Path file, Entry e, long min, long max) {
        long v;
        try {
            v = Long.parseLong(e.value().strip());
        } catch (NumberFormatException ex) {
            throw BrainVisionIni.corrupt(file, e.line(), e.key() + "=" + BrainVisionIni.snippet(e.value())
                    + " is not an integer");
        }
        if (v < min || v > max) {
            throw BrainVisionIni.corrupt(file, e.line(), e.key() + "=" + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static Map<String, Unit> units() {
        Map<String, Unit> m = new HashMap<>();
        m.put("V", new Unit(1.0, "V", true));
        m.put("mV", new Unit(1e-3, "V", true));
        m.put("µV", new Unit(1e-6, "V", true));
        m.put("\u03bcV", new Unit(1e-6, "V", true)); // Greek mu, as some exporters write it
        m.put("uV", new Unit(1e-6, "V", true));
        m.put("nV", new Unit(1e-9, "V", true));
        m.put("µS", new Unit(1e-6, "S", false));
        m.put("\u03bcS", new Unit(1e-6, "S", false));
        m.put("uS", new Unit(1e-6, "S", false));
        m.put("S", new Unit(1.0, "S", false));
        m.put("C", new Unit(1.0, "°C", false));
        m.put("°C", new Unit(1.0, "°C", false));
        m.put("N", new Unit(1.0, "N", false));
        m.put("ARU", new Unit(1.0, "AU", false));
        m.put("n/a", new Unit(1.0, "AU", false));
        return Map.copyOf(m);
    }
}
