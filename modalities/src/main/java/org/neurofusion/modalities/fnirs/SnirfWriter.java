package org.neurofusion.modalities.fnirs;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;

/**
 * Writes a recording as SNIRF 1.1, in a form MNE-Python reads: one {@code /nirs/data1} block holding every
 * fNIRS channel (raw CW amplitude, optical density, HbO, HbR; all at one rate), {@code time} as
 * {@code [0, 1/rate]}, one {@code measurementList<k>} group per channel, the probe in metres, one
 * {@code stim<n>} group per annotation description, and {@code metaDataTags}. Other channels (misc,
 * auxiliary) become {@code aux<n>} series at their own rates and read back as misc.
 *
 * <p>Haemoglobin channels carry no wavelength; the probe's wavelengths then come from the header field
 * {@code probe.wavelengths} (as this reader fills it), since MNE refuses a probe without two.
 *
 * <p>What SNIRF cannot say is not written: channel-specific annotations lose their channel, and optode
 * positions are written only when every optode has one. jHDF writes whole arrays, so the data are held in
 * memory while writing. The file appears complete or not at all: it is written under a temporary name in
 * the target's folder and renamed over the target, and removed on failure.
 */
public final class SnirfWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SnirfWriter() {
    }

    /**
     * Writes {@code r} to {@code out}.
     *
     * @throws IllegalArgumentException when the recording has fNIRS channels at different rates or lengths, or
     *     channels without optode attributes (see {@link OpticalChannel})
     * @throws RecordingException naming the file when it cannot be written
     */
    public static void write(Recording r, Path out) {
        List<Integer> optical = new ArrayList<>();
        List<Integer> aux = new ArrayList<>();
        for (int i = 0; i < r.channels().size(); i++) {
            Channel c = r.channels().get(i);
            boolean fnirs = switch (c.type()) {
                case FNIRS_CW_AMPLITUDE, FNIRS_OD, HBO, HBR -> true;
                default -> false;
            };
            (fnirs ? optical : aux).add(i);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new RecordingException(out, -1, "cannot be written: folder " + dir + " does not exist");
        }
        Path tmp = dir.resolve("." + out.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
        try {
            try (WritableHdfFile hdf = HdfFile.write(tmp)) {
                hdf.putDataset("formatVersion", "1.1");
                WritableGroup nirs = hdf.putGroup("nirs");
                writeMetadata(r, nirs);
                writeData(r, optical, nirs);
                writeStims(r.annotations(), nirs);
                writeAux(r, aux, nirs);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new RecordingException(out, -1, "cannot be written: " + e.getMessage(), e);
        } catch (RecordingException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RecordingException(out, -1, "cannot be written: " + SnirfHdf.describe(e), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The original failure, if any, is what the caller needs to see.
            }
        }
    }

    private static void writeMetadata(Recording r, WritableGroup nirs) {
        WritableGroup m = nirs.putGroup("metaDataTags");
        m.putDataset("SubjectID", r.header().getOrDefault("SubjectID", "default"));
        Optional<LocalDateTime> start = r.start();
        m.putDataset("MeasurementDate", start.map(t -> t.format(DateTimeFormatter.ISO_LOCAL_DATE)).orElse("unknown"));
        m.putDataset("MeasurementTime", start.map(SnirfWriter::clockTime).orElse("unknown"));
        m.putDataset("LengthUnit", "m");
        m.putDataset("TimeUnit", "s");
        m.putDataset("FrequencyUnit", "Hz");
    }

    /** hh:mm:ss, with the fraction of a second when there is one (trailing zeros dropped). */
    static String clockTime(LocalDateTime t) {
        String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() == 0) {
            return s;
        }
        String f = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return s + "." + f;
    }

    private static void writeData(Recording r, List<Integer> optical, WritableGroup nirs) {
        WritableGroup data = nirs.putGroup("data1");
        List<OpticalChannel> opt = new ArrayList<>();
        double rate = 1;
        long rows = 0;
        for (int k = 0; k < optical.size(); k++) {
            Channel c = r.channels().get(optical.get(k));
            opt.add(OpticalChannel.of(c).orElseThrow(() -> new IllegalArgumentException("channel '" + c.name()
                    + "' has no source/detector attributes; SNIRF needs them for every fNIRS channel")));
            if (k == 0) {
                rate = c.samplingRate();
                rows = c.sampleCount();
            } else if (Double.compare(c.samplingRate(), rate) != 0 || c.sampleCount() != rows) {
                throw new IllegalArgumentException("fNIRS channels differ in rate or length: "
                        + r.channels().get(optical.get(0)).name() + " " + rate + " Hz x " + rows + ", " + c.name()
                        + " " + c.samplingRate() + " Hz x " + c.sampleCount());
            }
        }
        if (rows > Integer.MAX_VALUE || rows * Math.max(1, optical.size()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(rows + " samples x " + optical.size() + " channels is too many for"
                    + " one SNIRF block written in memory");
        }
        double[][] values = new double[(int) rows][optical.size()];
        double[] column = new double[(int) rows];
        for (int k = 0; k < optical.size(); k++) {
            r.read(optical.get(k), 0, column, 0, (int) rows);
            for (int i = 0; i < rows; i++) {
                values[i][k] = column[i];
            }
        }
        data.putDataset("dataTimeSeries", values);
        data.putDataset("time", rows == 0 ? new double[0] : new double[] {0, 1 / rate});
        TreeSet<Double> wavelengths = new TreeSet<>();
        opt.forEach(o -> o.wavelengthNm().ifPresent(wavelengths::add));
        if (wavelengths.isEmpty()) {
            // Haemoglobin channels name no wavelength; keep the probe's from the source file (MNE needs two).
            wavelengths.addAll(headerWavelengths(r.header().get("probe.wavelengths")));
        }
        List<Double> wl = new ArrayList<>(wavelengths);
        for (int k = 0; k < optical.size(); k++) {
            Channel c = r.channels().get(optical.get(k));
            OpticalChannel o = opt.get(k);
            WritableGroup m = data.putGroup("measurementList" + (k + 1));
            m.putDataset("sourceIndex", o.source());
            m.putDataset("detectorIndex", o.detector());
            if (o.wavelengthNm().isPresent()) {
                m.putDataset("wavelengthIndex", wl.indexOf(o.wavelengthNm().getAsDouble()) + 1);
            }
            boolean raw = c.type() == ChannelType.FNIRS_CW_AMPLITUDE;
            m.putDataset("dataType", raw ? SnirfMeasurement.CW_AMPLITUDE : SnirfMeasurement.PROCESSED);
            m.putDataset("dataTypeIndex", 1);
            if (!raw) {
                m.putDataset("dataTypeLabel", switch (c.type()) {
                    case HBO -> "HbO";
                    case HBR -> "HbR";
                    default -> "dOD";
                });
                if (c.unit().equals("mol/L")) {
                    m.putDataset("dataUnit", "M");
                }
            }
        }
        writeProbe(nirs, opt, wl);
    }

    private static List<Double> headerWavelengths(String field) {
        List<Double> out = new ArrayList<>();
        if (field == null || field.isBlank()) {
            return out;
        }
        for (String f : field.split(",")) {
            try {
                double w = Double.parseDouble(f.trim());
                if (w > 0 && Double.isFinite(w)) {
                    out.add(w);
                }
            } catch (NumberFormatException e) {
                return List.of(); // not a wavelength list: write none rather than guess
            }
        }
        return out;
    }

    private static void writeProbe(WritableGroup nirs, List<OpticalChannel> opt, List<Double> wl) {
        WritableGroup probe = nirs.putGroup("probe");
        if (!wl.isEmpty()) {
            probe.putDataset("wavelengths", wl.stream().mapToDouble(Double::doubleValue).toArray());
        }
        Map<Integer, SensorPosition> sources = new LinkedHashMap<>();
        Map<Integer, SensorPosition> detectors = new LinkedHashMap<>();
        int maxSource = 0;
        int maxDetector = 0;
        for (OpticalChannel o : opt) {
            maxSource = Math.max(maxSource, o.source());
            maxDetector = Math.max(maxDetector, o.detector());
            o.sourcePosition().ifPresent(p -> sources.put(o.source(), p));
            o.detectorPosition().ifPresent(p -> detectors.put(o.detector(), p));
        }
        double[][] src = positions(sources, maxSource);
        double[][] det = positions(detectors, maxDetector);
        if (src != null && det != null) {
            probe.putDataset("sourcePos3D", src);
            probe.putDataset("detectorPos3D", det);
        }
    }

    /** Rows 1..n of positions in metres, or null when some optode has none. */
    private static double[][] positions(Map<Integer, SensorPosition> known, int n) {
        if (n == 0) {
            return null;
        }
        double[][] out = new double[n][];
        for (int i = 1; i <= n; i++) {
            SensorPosition p = known.get(i);
            if (p == null) {
                return null;
            }
            out[i - 1] = new double[] {p.x(), p.y(), p.z()};
        }
        return out;
    }

    private static void writeStims(List<Annotation> annotations, WritableGroup nirs) {
        Map<String, List<Annotation>> byName = new LinkedHashMap<>();
        for (Annotation a : annotations) {
            byName.computeIfAbsent(a.description(), k -> new ArrayList<>()).add(a);
        }
        int n = 1;
        for (Map.Entry<String, List<Annotation>> e : byName.entrySet()) {
            WritableGroup g = nirs.putGroup("stim" + n++);
            g.putDataset("name", e.getKey());
            double[][] table = new double[e.getValue().size()][];
            for (int i = 0; i < table.length; i++) {
                Annotation a = e.getValue().get(i);
                table[i] = new double[] {a.onset(), a.duration(), 1.0};
            }
            g.putDataset("data", table);
            g.putDataset("dataLabels", new String[] {"Onset", "Duration", "Amplitude"});
        }
    }

    private static void writeAux(Recording r, List<Integer> aux, WritableGroup nirs) {
        int n = 1;
        for (int i : aux) {
            Channel c = r.channels().get(i);
            if (c.sampleCount() > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("channel " + c.name() + " is too long to write in memory");
            }
            WritableGroup g = nirs.putGroup("aux" + n++);
            g.putDataset("name", c.name());
            g.putDataset("dataTimeSeries", r.readAll(i));
            g.putDataset("time", new double[] {0, 1 / c.samplingRate()});
            g.putDataset("timeOffset", new double[] {0});
        }
    }
}
