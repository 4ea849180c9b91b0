package org.neurofusion.datasets.bids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/**
 * Opens one data file of a dataset and lays its BIDS metadata over it: checks the sidecar's sampling
 * frequency (for BOLD, its repetition time) against the file, takes channel types and bad status from
 * {@code _channels.tsv}, positions from the positions table and {@code _coordsystem.json} (EEG and fNIRS; a FIF
 * file holds its own), and events from {@code _events.tsv}, else the file's annotations. EEG, fNIRS and MEG files
 * are opened by their readers; a BOLD image is reduced to parcel-mean time series under its atlas
 * ({@link BidsAtlas}).
 */
final class BidsRecordingLoader {
    /** Relative rate difference tolerated between sidecar and file (rates are written with a few decimals). */
    private static final double RATE_TOLERANCE = 1e-6;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Inheritance inheritance;

    BidsRecordingLoader(Inheritance inheritance) {
        this.inheritance = inheritance;
    }

    BidsRecording load(BidsFile f) {
        if (f.modality().isEmpty()) {
            throw new UnsupportedFormatException(f.path(), -1, "BIDS " + f.suffix() + " data (" + f.extension()
                    + ") are listed but cannot be opened: this program has no reader for them");
        }
        if (!Files.isRegularFile(f.path())) {
            throw new BidsMissingFileException(f.path(), "the data file is missing");
        }
        Modality modality = f.modality().get();
        Inheritance.Merged sidecar = inheritance.sidecar(f);
        Recording data = open(f);
        try {
            checkRate(f, data, sidecar);
            if (modality == Modality.FMRI) {
                checkRepetitionTime(f, data, sidecar);
            }
            Optional<Path> tablePath = inheritance.nearest(f, "channels", ".tsv");
            List<BidsChannel> table = tablePath.map(BidsRecordingLoader::readChannels).orElse(List.of());
            List<Channel> channels = applyTable(f, tablePath.orElse(f.path()), data.channels(), table);
            // MEG files carry their sensors' positions and orientations; parcels are placed at their centroids
            List<Channel> placed = modality == Modality.EEG || modality == Modality.FNIRS
                    ? applyPositions(f, channels) : channels;
            List<Annotation> events = inheritance.nearest(f, "events", ".tsv")
                    .map(p -> readEvents(p, data.durationSeconds(), minRate(placed))).orElse(data.annotations());
            Set<String> bad = new LinkedHashSet<>();
            table.stream().filter(BidsChannel::isBad).forEach(c -> bad.add(c.name()));
            @SuppressWarnings("unchecked")
            Map<String, Object> values = MAPPER.convertValue(sidecar.values(), LinkedHashMap.class);
            return new BidsRecording(f, data, placed, events, table, bad, values);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** The data file's recording: a BOLD run reduced to parcel means under its atlas, anything else by its reader. */
    private Recording open(BidsFile f) {
        if (f.modality().get() == Modality.FMRI) {
            return BidsAtlas.parcelMeans(f.path(), BidsAtlas.find(inheritance.root(), f));
        }
        return Recordings.open(f.path());
    }

    /** A BOLD sidecar's RepetitionTime must be the image's time step (which set the parcel series' rate). */
    private static void checkRepetitionTime(BidsFile f, Recording data, Inheritance.Merged sidecar) {
        JsonNode tr = sidecar.values().get("RepetitionTime");
        if (tr == null || !tr.isNumber() || data.channels().isEmpty()) {
            return;
        }
        double fromImage = 1 / data.channels().get(0).samplingRate();
        if (Math.abs(fromImage - tr.asDouble()) > RATE_TOLERANCE * tr.asDouble() + 1e-6) {
            throw new BidsMismatchException(sidecar.origin("RepetitionTime", f.path()), "RepetitionTime is "
                    + tr.asDouble() + " s but " + f.path().getFileName() + " has a time step (pixdim[4]) of "
                    + fromImage + " s");
        }
    }

    private static double minRate(List<Channel> cs) {
        return cs.stream().mapToDouble(Channel::samplingRate).min().orElse(1);
    }

    private static void checkRate(BidsFile f, Recording data, Inheritance.Merged sidecar) {
        JsonNode sf = sidecar.values().get("SamplingFrequency");
        if (sf == null || !sf.isNumber()) {
            return;
        }
        Modality m = f.modality().orElseThrow();
        // The modality's own channels set the rate; auxiliary channels may run at others.
        Optional<Channel> c = data.channels().stream().filter(ch -> ch.type().modality() == m).findFirst()
                .or(() -> data.channels().stream().findFirst());
        if (c.isPresent() && Math.abs(c.get().samplingRate() - sf.asDouble()) > RATE_TOLERANCE * sf.asDouble()) {
            throw new BidsMismatchException(sidecar.origin("SamplingFrequency", f.path()), "SamplingFrequency is "
                    + sf.asDouble() + " Hz but " + f.path().getFileName() + " samples channel " + c.get().name()
                    + " at " + c.get().samplingRate() + " Hz");
        }
    }

    static List<BidsChannel> readChannels(Path p) {
        Tsv t = Tsv.read(p);
        t.requireColumn("name");
        t.requireColumn("type");
        t.requireColumn("units");
        List<BidsChannel> out = new ArrayList<>();
        for (List<String> row : t.rows()) {
            Map<String, String> cols = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                cols.put(t.header().get(i), row.get(i));
            }
            out.add(new BidsChannel(row.get(t.column("name")), row.get(t.column("type")), row.get(t.column("units")),
                    t.value(row, "status").orElse(Tsv.NA), cols));
        }
        return out;
    }

    /** Types (and for fNIRS, source/detector/wavelength) from the table, matched by name. */
    private static List<Channel> applyTable(BidsFile f, Path tablePath, List<Channel> channels,
            List<BidsChannel> table) {
        if (table.isEmpty()) {
            return channels;
        }
        Map<String, BidsChannel> byName = new HashMap<>();
        table.forEach(c -> byName.put(c.name(), c));
        Set<String> names = new java.util.HashSet<>();
        channels.forEach(c -> names.add(c.name()));
        for (BidsChannel c : table) {
            if (!names.contains(c.name())) {
                throw new BidsMismatchException(tablePath, "channel '" + c.name() + "' is not in "
                        + f.path().getFileName() + " (it has " + names.size() + " channels)");
            }
        }
        List<Channel> out = new ArrayList<>();
        for (Channel c : channels) {
            BidsChannel row = byName.get(c.name());
            if (row == null) {
                out.add(c);
                continue;
            }
            ChannelType type = BidsChannelTypes.fromBids(row.type()).orElse(c.type());
            Map<String, String> attrs = new LinkedHashMap<>(c.attributes());
            for (String k : List.of("source", "detector")) {
                String v = row.columns().get(k);
                if (v != null && !v.equals(Tsv.NA) && !attrs.containsKey(k)) {
                    // SNIRF and NIRx name optodes by index; BIDS by label (S1, D1): keep the index.
                    attrs.put(k, v.replaceAll("^[A-Za-z]+", ""));
                }
            }
            String wl = row.columns().get("wavelength_nominal");
            if (wl != null && !wl.equals(Tsv.NA) && !attrs.containsKey(OpticalChannel.WAVELENGTH)
                    && type != ChannelType.HBO && type != ChannelType.HBR) {
                attrs.put(OpticalChannel.WAVELENGTH, wl);
            }
            attrs.put("bids_units", row.units());
            out.add(new Channel(c.name(), type, c.unit(), c.samplingRate(), c.sampleCount(), c.position(), attrs));
        }
        return out;
    }

    /** Positions for channels the file leaves unplaced: electrodes by name, fNIRS channels from their optodes. */
    private List<Channel> applyPositions(BidsFile f, List<Channel> channels) {
        boolean nirs = f.modality().orElseThrow() == Modality.FNIRS;
        Optional<Path> table = inheritance.nearest(f, nirs ? "optodes" : "electrodes", ".tsv");
        if (table.isEmpty()) {
            return channels;
        }
        double scale = unitScale(f, nirs ? "NIRSCoordinateUnits" : "EEGCoordinateUnits", table.get());
        Map<String, SensorPosition> pos = readPositions(table.get(), scale);
        List<Channel> out = new ArrayList<>();
        for (Channel c : channels) {
            if (!nirs) {
                SensorPosition p = pos.get(c.name());
                out.add(c.position().isEmpty() && p != null ? c.withPosition(p) : c);
                continue;
            }
            Optional<OpticalChannel> oc = OpticalChannel.of(c);
            if (oc.isEmpty()) {
                out.add(c);
                continue;
            }
            OpticalChannel o = oc.get();
            Optional<SensorPosition> s = o.sourcePosition().or(() -> Optional.ofNullable(pos.get("S" + o.source())));
            Optional<SensorPosition> d = o.detectorPosition()
                    .or(() -> Optional.ofNullable(pos.get("D" + o.detector())));
            OpticalChannel placed = new OpticalChannel(o.source(), o.detector(), o.wavelengthNm(), s, d);
            Map<String, String> attrs = new LinkedHashMap<>(c.attributes());
            attrs.putAll(placed.attributes());
            Optional<SensorPosition> at = c.position().isPresent() ? c.position() : placed.midpoint();
            out.add(new Channel(c.name(), c.type(), c.unit(), c.samplingRate(), c.sampleCount(), at, attrs));
        }
        return out;
    }

    /** Metres per coordinate unit, from the {@code _coordsystem.json} that applies (metres when there is none). */
    private double unitScale(BidsFile f, String key, Path table) {
        Optional<Path> cs = inheritance.nearest(f, "coordsystem", ".json");
        if (cs.isEmpty()) {
            return 1;
        }
        JsonNode u = Inheritance.readObject(cs.get()).get(key);
        if (u == null) {
            return 1;
        }
        return switch (u.asText().trim().toLowerCase(Locale.ROOT)) {
            case "m" -> 1;
            case "cm" -> 1e-2;
            case "mm" -> 1e-3;
            default -> throw new MalformedBidsFileException(cs.get(), key + " is '" + u.asText()
                    + "'; positions in " + table.getFileName() + " need m, cm or mm");
        };
    }

    static Map<String, SensorPosition> readPositions(Path p, double scale) {
        Tsv t = Tsv.read(p);
        int name = t.requireColumn("name");
        t.requireColumn("x");
        t.requireColumn("y");
        t.requireColumn("z");
        Map<String, SensorPosition> out = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            Optional<Double> x = t.number(i, "x");
            Optional<Double> y = t.number(i, "y");
            Optional<Double> z = t.number(i, "z");
            if (x.isPresent() && y.isPresent() && z.isPresent()) {
                out.put(t.rows().get(i).get(name), new SensorPosition(x.get() * scale, y.get() * scale,
                        z.get() * scale));
            }
        }
        return out;
    }

    /**
     * Events of {@code _events.tsv}: the description is {@code trial_type}, else {@code value}, else
     * {@code event}.
     *
     * @throws BidsMismatchException naming the line when an event starts after the recording ends
     */
    static List<Annotation> readEvents(Path p, double duration, double rate) {
        Tsv t = Tsv.read(p);
        t.requireColumn("onset");
        t.requireColumn("duration");
        List<Annotation> out = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            List<String> row = t.rows().get(i);
            double onset = t.number(i, "onset").orElseThrow(() -> new MalformedBidsFileException(p,
                    "an event needs an onset"));
            double dur = t.number(i, "duration").orElse(0.0);
            // Half a sample of slack: onsets are written rounded.
            if (onset > duration + 0.5 / rate) {
                throw new BidsMismatchException(p, "line " + (i + 2) + ": event at " + onset
                        + " s starts after the recording ends (" + duration + " s)");
            }
            String desc = t.value(row, "trial_type").or(() -> t.value(row, "value")).orElse("event");
            out.add(new Annotation(onset, Math.max(0, dur), desc));
        }
        out.sort(java.util.Comparator.comparingDouble(Annotation::onset));
        return out;
    }
}
