package org.neurofusion.modalities.fnirs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorPosition;

/**
 * What an fNIRS channel measures: light from one source to one detector, at one wavelength (raw intensity
 * and optical density) or as one chromophore (HbO, HbR). Every fNIRS reader stores this in the channel's
 * attributes under the keys below, names channels as MNE does ({@code S1_D1 760}, {@code S1_D1 hbo}) and
 * places the channel at the source–detector midpoint; every fNIRS processing step reads it back from there.
 *
 * @param sourcePosition optode position in metres, head frame, when the file has one
 */
public record OpticalChannel(int source, int detector, OptionalDouble wavelengthNm,
        Optional<SensorPosition> sourcePosition, Optional<SensorPosition> detectorPosition) {
    /** Attribute: source index, 1-based as in SNIRF and NIRx. */
    public static final String SOURCE = "source";
    /** Attribute: detector index, 1-based. */
    public static final String DETECTOR = "detector";
    /** Attribute: wavelength in nm (raw and optical-density channels only). */
    public static final String WAVELENGTH = org.neurofusion.core.SensorFeatures.WAVELENGTH_ATTRIBUTE;
    /** Attribute: source position "x,y,z" in metres. */
    public static final String SOURCE_POSITION = org.neurofusion.core.SensorFeatures.SOURCE_ATTRIBUTE;
    /** Attribute: detector position "x,y,z" in metres. */
    public static final String DETECTOR_POSITION = org.neurofusion.core.SensorFeatures.DETECTOR_ATTRIBUTE;

    public OpticalChannel {
        if (source < 1 || detector < 1) {
            throw new IllegalArgumentException("source and detector indices are 1-based, got S" + source + "_D"
                    + detector);
        }
        Objects.requireNonNull(wavelengthNm, "wavelengthNm");
        Objects.requireNonNull(sourcePosition, "sourcePosition");
        Objects.requireNonNull(detectorPosition, "detectorPosition");
        if (wavelengthNm.isPresent() && !(wavelengthNm.getAsDouble() > 0)) {
            throw new IllegalArgumentException("wavelength must be positive, got " + wavelengthNm.getAsDouble());
        }
    }

    /** Source–detector distance in metres, when both positions are known. */
    public OptionalDouble distanceMeters() {
        if (sourcePosition.isEmpty() || detectorPosition.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(sourcePosition.get().distanceTo(detectorPosition.get()));
    }

    /** {@code S1_D1}, the pair's name without wavelength or chromophore. */
    public String pairName() {
        return "S" + source + "_D" + detector;
    }

    /** The channel name MNE uses: {@code S1_D1 760} for a wavelength, {@code S1_D1 hbo} for HbO. */
    public String channelName(ChannelType type) {
        return switch (type) {
            case HBO -> pairName() + " hbo";
            case HBR -> pairName() + " hbr";
            default -> pairName() + " " + formatWavelength(wavelengthNm.orElseThrow(() -> new IllegalArgumentException(
                    pairName() + ": a " + type.mneName() + " channel needs a wavelength")));
        };
    }

    /** The attributes that describe this optical channel, to merge into a {@link Channel}'s attributes. */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SOURCE, Integer.toString(source));
        m.put(DETECTOR, Integer.toString(detector));
        wavelengthNm.ifPresent(w -> m.put(WAVELENGTH, formatWavelength(w)));
        sourcePosition.ifPresent(p -> m.put(SOURCE_POSITION, formatPosition(p)));
        detectorPosition.ifPresent(p -> m.put(DETECTOR_POSITION, formatPosition(p)));
        return m;
    }

    /** The source–detector midpoint, where montage-agnostic encoders place the channel. */
    public Optional<SensorPosition> midpoint() {
        if (sourcePosition.isEmpty() || detectorPosition.isEmpty()) {
            return Optional.empty();
        }
        SensorPosition s = sourcePosition.get();
        SensorPosition d = detectorPosition.get();
        return Optional.of(new SensorPosition((s.x() + d.x()) / 2, (s.y() + d.y()) / 2, (s.z() + d.z()) / 2));
    }

    /**
     * A channel of the given type for this optical channel, named, placed and described as above.
     *
     * @param extra further attributes (format-specific), added after the optical ones
     */
    public Channel toChannel(ChannelType type, String unit, double samplingRate, long sampleCount,
            Map<String, String> extra) {
        Map<String, String> a = new LinkedHashMap<>(attributes());
        if (type == ChannelType.HBO || type == ChannelType.HBR) {
            a.remove(WAVELENGTH);
        }
        a.putAll(extra);
        return new Channel(channelName(type), type, unit, samplingRate, sampleCount, midpoint(), a);
    }

    /** The optical channel a {@link Channel} describes, if its attributes hold one. */
    public static Optional<OpticalChannel> of(Channel c) {
        Map<String, String> a = c.attributes();
        if (!a.containsKey(SOURCE) || !a.containsKey(DETECTOR)) {
            return Optional.empty();
        }
        try {
            OptionalDouble wl = a.containsKey(WAVELENGTH) ? OptionalDouble.of(Double.parseDouble(a.get(WAVELENGTH)))
                    : OptionalDouble.empty();
            return Optional.of(new OpticalChannel(Integer.parseInt(a.get(SOURCE)), Integer.parseInt(a.get(DETECTOR)),
                    wl, parsePosition(a.get(SOURCE_POSITION)), parsePosition(a.get(DETECTOR_POSITION))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel '" + c.name() + "' has malformed optical attributes " + a, e);
        }
    }

    /** Wavelengths print without decimals when whole ({@code 760}), as in MNE's channel names. */
    public static String formatWavelength(double nm) {
        return nm == Math.rint(nm) && Math.abs(nm) < 1e9 ? Long.toString((long) nm)
                : String.format(Locale.ROOT, "%s", nm);
    }

    static String formatPosition(SensorPosition p) {
        return p.x() + "," + p.y() + "," + p.z();
    }

    static Optional<SensorPosition> parsePosition(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String[] f = s.split(",");
        if (f.length != 3) {
            throw new IllegalArgumentException("position \"" + s + "\" is not x,y,z");
        }
        return Optional.of(new SensorPosition(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                Double.parseDouble(f[2])));
    }
}
