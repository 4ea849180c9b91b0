package org.neurofusion.modalities.fnirs;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Turns SNIRF measurement lists and auxiliary series into {@link Channel}s, named and typed as MNE names
 * them ({@code S1_D1 760} raw CW amplitude in V, {@code S1_D1 760} optical density, {@code S1_D1 hbo} and
 * {@code hbr} in mol/L), and remembers where each channel's samples live.
 */
final class SnirfChannels {
    /** Attribute: SNIRF data type code (1, 99999, ...). */
    static final String DATA_TYPE = "snirf_data_type";
    /** Attribute: SNIRF data type label (HbO, dOD, ...). */
    static final String DATA_TYPE_LABEL = "snirf_data_type_label";
    /** Attribute: the data unit as written in the file, or "unspecified". */
    static final String DATA_UNIT = "data_unit";

    final List<Channel> channels = new ArrayList<>();
    final List<SnirfRecording.Series> series = new ArrayList<>();
    final Map<String, String> notes = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final SnirfHdf h;

    SnirfChannels(SnirfHdf h) {
        this.h = h;
    }

    /** Adds one channel per measurement, column k of {@code dataTimeSeries} for entry k. */
    void addData(List<SnirfMeasurement> ms, SnirfProbe probe, Dataset dts, int width, long rows, double rate) {
        for (int k = 0; k < ms.size(); k++) {
            SnirfMeasurement m = ms.get(k);
            Optional<SensorPosition> src = probe.source(h, m);
            Optional<SensorPosition> det = probe.detector(h, m);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(DATA_TYPE, Integer.toString(m.dataType()));
            if (!m.dataTypeLabel().isEmpty()) {
                extra.put(DATA_TYPE_LABEL, m.dataTypeLabel());
            }
            double scale = 1;
            Channel c;
            if (m.dataType() == SnirfMeasurement.CW_AMPLITUDE) {
                OpticalChannel o = new OpticalChannel(m.source(), m.detector(),
                        OptionalDouble.of(probe.wavelength(h, m)), src, det);
                c = o.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", rate, rows, extra);
            } else if (m.dataType() == SnirfMeasurement.PROCESSED) {
                String label = m.dataTypeLabel();
                boolean optical = SnirfMeasurement.isOpticalLabel(label);
                OpticalChannel o = new OpticalChannel(m.source(), m.detector(), optical
                        ? OptionalDouble.of(probe.wavelength(h, m)) : OptionalDouble.empty(), src, det);
                if (label.equalsIgnoreCase("HbO") || label.equalsIgnoreCase("HbR")) {
                    ChannelType t = label.equalsIgnoreCase("HbO") ? ChannelType.HBO : ChannelType.HBR;
                    scale = molarScale(m);
                    extra.put(DATA_UNIT, m.dataUnit().isEmpty() ? "unspecified" : m.dataUnit());
                    c = o.toChannel(t, Double.isNaN(scale) ? "AU" : "mol/L", rate, rows, extra);
                    scale = Double.isNaN(scale) ? 1 : scale;
                } else if (label.equalsIgnoreCase("dOD")) {
                    c = o.toChannel(ChannelType.FNIRS_OD, "AU", rate, rows, extra);
                } else if (label.isEmpty()) {
                    throw h.corrupt(m.path() + "/dataTypeLabel", "processed data (type 99999) need a label");
                } else {
                    // HbT, dMean, mua, ...: kept, as misc, named like MNE's fNIRS channels.
                    Map<String, String> a = new LinkedHashMap<>(o.attributes());
                    a.putAll(extra);
                    String suffix = optical ? " " + label.toLowerCase(Locale.ROOT) + " "
                            + OpticalChannel.formatWavelength(o.wavelengthNm().getAsDouble())
                            : " " + label.toLowerCase(Locale.ROOT);
                    c = new Channel(o.pairName() + suffix, ChannelType.MISC, "AU", rate, rows, o.midpoint(), a);
                }
            } else {
                throw new UnsupportedFormatException(h.file(), -1, m.path() + "/dataType: data type " + m.dataType()
                        + " (" + typeName(m.dataType()) + ") is not supported; only continuous-wave amplitude (1)"
                        + " and processed data (99999) are");
            }
            add(c, new SnirfRecording.Series(dts, k, width, rows, scale));
        }
    }

    /** mol/L per stored unit for HbO/HbR, from {@code dataUnit}; NaN when the file does not say. */
    private double molarScale(SnirfMeasurement m) {
        return switch (m.dataUnit()) {
            case "" -> Double.NaN;
            case "M", "mol/L", "Molar", "molar" -> 1;
            case "mM", "mmol/L" -> 1e-3;
            case "uM", "µM", "μM", "umol/L", "umol" -> 1e-6;
            case "nM", "nmol/L" -> 1e-9;
            default -> throw new UnsupportedFormatException(h.file(), -1, m.path() + "/dataUnit: concentration unit \""
                    + m.dataUnit() + "\" is not one of M, mM, uM, nM");
        };
    }

    static String typeName(int code) {
        if (code == 2) {
            return "continuous-wave fluorescence amplitude";
        } else if (code >= 101 && code < 200) {
            return "frequency-domain";
        } else if (code >= 201 && code < 300) {
            return "time-domain gated";
        } else if (code >= 301 && code < 400) {
            return "time-domain moments";
        } else if (code >= 401 && code < 500) {
            return "diffuse correlation spectroscopy";
        }
        return "unknown";
    }

    /**
     * Adds the auxiliary series {@code aux<n>} of a {@code nirs} group, one misc channel per column at the
     * series' own rate. A series that is empty or whose time cannot give a rate is skipped with a note in
     * the header ({@code aux.skipped}), since the optical data stay readable without it.
     */
    void addAux(Group nirs, double secondsPerUnit) {
        List<String> skipped = new ArrayList<>();
        for (String name : h.numbered(nirs, "aux")) {
            Group g = h.group(nirs, name);
            Optional<Dataset> dts = h.optDataset(g, "dataTimeSeries");
            Optional<Dataset> time = h.optDataset(g, "time");
            if (dts.isEmpty() || time.isEmpty()) {
                skipped.add(name + " (no dataTimeSeries or time)");
                continue;
            }
            try {
                h.checkStorage(dts.get());
            } catch (org.neurofusion.core.RecordingException e) {
                skipped.add(name + " (" + e.getMessage() + ")");
                continue;
            }
            int[] dims = h.dimensions(dts.get());
            if (dims.length == 0 || dims.length > 2 || dims[0] == 0 || (dims.length == 2 && dims[1] == 0)) {
                skipped.add(name + " (empty)");
                continue;
            }
            int width = dims.length == 2 ? dims[1] : 1;
            SnirfTimebase tb;
            try {
                tb = SnirfTimebase.read(h, time.get(), dims[0], secondsPerUnit);
            } catch (org.neurofusion.core.RecordingException e) {
                skipped.add(name + " (" + e.getMessage() + ")");
                continue;
            }
            String label = h.optDataset(g, "name").map(h::string).orElse("").trim();
            label = label.isEmpty() ? name : label;
            double offset = h.optDataset(g, "timeOffset").map(h::numbers).filter(v -> v.length > 0)
                    .map(v -> v[0]).orElse(0.0) * secondsPerUnit;
            for (int c = 0; c < width; c++) {
                Map<String, String> a = new LinkedHashMap<>();
                a.put("aux", SnirfHdf.pathOf(g));
                a.put("first_sample_time", Double.toString(tb.firstTime() + offset));
                add(new Channel(width == 1 ? label : label + " " + (c + 1), ChannelType.MISC, "AU", tb.rate(),
                        dims[0], Optional.empty(), a), new SnirfRecording.Series(dts.get(), c, width, dims[0], 1));
            }
        }
        if (!skipped.isEmpty()) {
            notes.put("aux.skipped", String.join("; ", skipped));
        }
    }

    private void add(Channel c, SnirfRecording.Series s) {
        Channel named = c;
        if (!names.add(c.name())) {
            // Repeated entries (same optode pair and wavelength) stay apart, MNE-style: name-1, name-2, ...
            for (int n = 1; ; n++) {
                String candidate = c.name() + "-" + n;
                if (names.add(candidate)) {
                    named = new Channel(candidate, c.type(), c.unit(), c.samplingRate(), c.sampleCount(),
                            c.position(), c.attributes());
                    break;
                }
            }
        }
        channels.add(named);
        series.add(s);
    }
}
