package org.neurofusion.modalities.fnirs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Opens a NIRx raw-data folder (NIRScout and NIRSport 1 recorded with NIRStar; NIRSport 2 recorded with
 * Aurora) as a {@link Recording} of continuous-wave amplitudes, two channels per source–detector pair
 * ({@code S1_D1 760}, {@code S1_D1 850}), as MNE-Python 1.3 reads it: the pairs and their order come from
 * {@code _probeInfo.mat}, positions are in metres in MNE's head frame, events become annotations.
 *
 * <p>Opening reads the header, probe, configuration and event files and counts the lines of the wavelength
 * files; their numbers are parsed on the first read. Every problem raises a {@link RecordingException}
 * subtype naming the file (or the folder and the file it lacks) and the line or field.
 */
public final class NirxReader {
    private static final System.Logger LOG = System.getLogger(NirxReader.class.getName());
    /** Header, configuration and event files are a few kB; refuse to load anything absurd into a string. */
    private static final long MAX_TEXT_BYTES = 16L << 20;

    private NirxReader() {
    }

    /**
     * Opens the recording in a NIRx folder.
     *
     * @param path the folder, or any file in it (such as the {@code .hdr})
     * @throws UnsupportedFormatException when the folder holds no NIRx header
     * @throws CorruptRecordingException naming the file when a required file is missing or damaged
     */
    public static Recording open(Path path) {
        if (!Files.exists(path)) {
            throw new RecordingException(path, -1, "no such file or folder");
        }
        Path folder = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        List<Path> entries = list(folder);
        boolean aurora = !matching(entries, "config.json").isEmpty();
        Path hdrFile = one(folder, entries, ".hdr", "header", true);
        NirxHeader hdr = NirxHeader.parse(hdrFile, text(hdrFile), aurora);
        Path wl1File = one(folder, entries, ".wl1", "wavelength-1 data", false);
        Path wl2File = one(folder, entries, ".wl2", "wavelength-2 data", false);
        Path probeFile = one(folder, entries, "probeInfo.mat", "probe (montage)", false);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Variant", aurora ? "NIRSport2 (Aurora)" : "NIRScout/NIRSport (NIRStar)");
        fields.putAll(hdr.fields);
        List<String> warnings = new ArrayList<>(hdr.warnings);
        if (aurora) {
            one(folder, entries, "config.json", "Aurora configuration", false);
        } else {
            Path config = one(folder, entries, "config.txt", "configuration", false);
            readConfig(config, fields);
            List<Path> inf = matching(entries, ".inf");
            if (inf.size() == 1) {
                readSubject(inf.get(0), fields);
            }
        }

        NirxWavelengthFile wl1 = NirxWavelengthFile.scan(wl1File);
        NirxWavelengthFile wl2 = NirxWavelengthFile.scan(wl2File);
        for (NirxWavelengthFile w : List.of(wl1, wl2)) {
            if (w.rows * (long) hdr.columnCount * NirxWavelengthFile.MIN_BYTES_PER_VALUE > w.size + 1) {
                throw new CorruptRecordingException(w.file, -1, "a file of " + w.size + " bytes cannot hold " + w.rows
                        + " lines of the " + hdr.columnCount + " values per line that " + hdrFile.getFileName()
                        + " declares");
            }
        }
        if (!Double.isFinite(wl1.rows / hdr.samplingRate)) {
            // A positive rate so small that the recording's length overflows (SamplingRate=1e-320).
            throw new CorruptRecordingException(hdrFile, -1, "sampling rate " + hdr.samplingRate + " Hz gives the "
                    + wl1.rows + " samples of " + wl1File.getFileName() + " a duration of "
                    + wl1.rows / hdr.samplingRate + " s");
        }
        if (wl2.rows != wl1.rows) {
            NirxWavelengthFile shorter = wl2.rows < wl1.rows ? wl2 : wl1;
            NirxWavelengthFile longer = shorter == wl1 ? wl2 : wl1;
            throw new CorruptRecordingException(shorter.file, shorter.size, "ends after line " + shorter.rows + ", but "
                    + longer.file.getFileName() + " has " + longer.rows + " lines (file cut short?)");
        }
        String declared = fields.get("Samples (config)");
        if (declared != null && !declared.equals(Long.toString(wl1.rows))) {
            warnings.add("configuration declares time_point_N=" + declared + " but " + wl1File.getFileName() + " has "
                    + wl1.rows + " lines; reading " + wl1.rows + ", as MNE does");
        }

        NirxProbe probe = NirxProbe.read(probeFile);
        int[] pairColumns = new int[probe.pairs.size()];
        List<Channel> channels = new ArrayList<>();
        Set<Integer> probePairs = new LinkedHashSet<>();
        for (int k = 0; k < probe.pairs.size(); k++) {
            int s = probe.pairs.get(k)[0];
            int d = probe.pairs.get(k)[1];
            probePairs.add(NirxHeader.pair(s, d));
            Integer column = hdr.columns.get(NirxHeader.pair(s, d));
            if (column == null) {
                throw new CorruptRecordingException(probeFile, -1, "probe channel S" + s + "_D" + d + " is not among "
                        + "the source-detector pairs that " + hdrFile.getFileName() + " lists for the data files");
            }
            pairColumns[k] = column;
            Map<String, String> extra = new LinkedHashMap<>();
            if (!aurora) {
                extra.put("short", Boolean.toString(hdr.shortDetectors.contains(d)));
            }
            for (double wavelength : hdr.wavelengths) {
                OpticalChannel oc = new OpticalChannel(s, d, OptionalDouble.of(wavelength),
                        position(probe.sources, s), position(probe.detectors, d));
                channels.add(oc.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", hdr.samplingRate, wl1.rows, extra));
            }
        }
        if (!hdr.maskedPairs.isEmpty() && !hdr.maskedPairs.equals(probePairs)) {
            warnings.add("the mask in " + hdrFile.getFileName() + " enables " + hdr.maskedPairs.size() + " pairs, "
                    + probeFile.getFileName() + " lists " + probePairs.size() + " (other pairs); channels follow the "
                    + "probe, as in MNE");
        }
        fields.put("Channels", Integer.toString(channels.size()));
        fields.put("Coordinate frame", "head (MNI from the probe, moved by MNE's fsaverage MRI-to-head transform)");

        List<Annotation> annotations = events(hdrFile, entries, aurora, hdr.samplingRate);
        if (!warnings.isEmpty()) {
            fields.put("Warnings", String.join("; ", warnings));
            LOG.log(System.Logger.Level.WARNING, folder + ": " + String.join("; ", warnings));
        }
        String format = aurora ? "NIRx/Aurora" : "NIRx/NIRStar";
        return new NirxRecording(folder, format, channels, annotations, fields, hdr.start.orElse(null), wl1, wl2,
                hdr.columnCount, pairColumns);
    }

    private static Optional<SensorPosition> position(List<SensorPosition> list, int oneBased) {
        return Optional.of(list.get(oneBased - 1));
    }

    private static List<Annotation> events(Path hdrFile, List<Path> entries, boolean aurora, double rate) {
        if (aurora) {
            List<Path> tri = matching(entries, ".tri");
            if (tri.size() > 1) {
                throw new CorruptRecordingException(hdrFile.getParent(), -1, "holds " + tri.size()
                        + " trigger (.tri) files, expected one: " + names(tri));
            }
            return tri.isEmpty() ? List.of() : NirxEvents.tri(tri.get(0), text(tri.get(0)), rate);
        }
        // NIRStar's events sit beside the header, with its name (MNE reads exactly that file).
        String name = hdrFile.getFileName().toString();
        Path evt = hdrFile.resolveSibling(name.substring(0, name.length() - 3) + "evt");
        return Files.isRegularFile(evt) ? NirxEvents.evt(evt, text(evt), rate) : List.of();
    }

    /** NIRStar's {@code _config.txt}: {@code key=value;} lines; a few are shown in the header. */
    private static void readConfig(Path config, Map<String, String> fields) {
        for (String line : text(config).split("\r\n|\r|\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip().replaceAll(";$", "").strip();
            if (key.equals("time_point_N")) {
                fields.put("Samples (config)", value);
            } else if (key.equals("probeInfo_file")) {
                fields.put("Montage", value.replace("'", ""));
            }
        }
    }

    /** NIRStar's {@code .inf}: the subject's demographics. */
    private static void readSubject(Path inf, Map<String, String> fields) {
        NirxIni ini = NirxIni.parse(inf, text(inf));
        String s = "Subject Demographics";
        for (String[] kv : new String[][] {{"Name", "Subject"}, {"Age", "Subject age"}, {"Gender", "Subject gender"}}) {
            String v = ini.text(s, kv[0]);
            if (!v.isEmpty()) {
                fields.put(kv[1], v);
            }
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new RecordingException(folder, -1, "folder cannot be listed: " + e.getMessage(), e);
        }
    }

    static List<Path> matching(List<Path> entries, String suffix) {
        String lower = suffix.toLowerCase(Locale.ROOT);
        return entries.stream().filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(lower))
                .toList();
    }

    private static Path one(Path folder, List<Path> entries, String suffix, String what, boolean header) {
        List<Path> found = matching(entries, suffix);
        if (found.isEmpty()) {
            String problem = "missing the " + what + " file (*" + suffix + ") in this folder";
            if (header) {
                throw new UnsupportedFormatException(folder, -1, "not a NIRx recording folder: " + problem);
            }
            throw new CorruptRecordingException(folder, -1, "NIRx recording folder is " + problem);
        }
        if (found.size() > 1) {
            throw new CorruptRecordingException(folder, -1, "NIRx recording folder holds " + found.size() + " "
                    + what + " files (*" + suffix + "), expected one: " + names(found));
        }
        return found.get(0);
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** A small text file, decoded as Latin-1 (as MNE decodes it) so that no byte sequence is an error. */
    static String text(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_TEXT_BYTES) {
                throw new CorruptRecordingException(file, -1, "is " + size + " bytes; NIRx header, configuration and "
                        + "event files are a few kB");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
    }
}
