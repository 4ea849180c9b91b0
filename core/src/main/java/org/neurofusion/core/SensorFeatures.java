package org.neurofusion.core;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric description of one sensor that montage-agnostic encoders read instead of a channel's name or index:
 * a fixed-length float vector per channel, laid out as the constants below say. Every model and every batch uses
 * this one layout, so a window from any cap, probe or channel count can share a batch with any other.
 *
 * <p>Layout ({@link #COUNT} values): position x, y, z in metres in the head frame ({@code 0} when unknown) and a
 * flag saying whether it is known; a unit orientation (MEG coils; zeros otherwise); for fNIRS the source and the
 * detector positions (equal to the position for other sensors); the wavelength in micrometres (raw intensity and
 * optical density; {@code 0} for haemoglobin and non-optical channels); and the channel type's stable code
 * ({@link #typeCode}), which encoders embed.
 */
public final class SensorFeatures {
    /** Offsets of the position (x, y, z). */
    public static final int POSITION = 0;
    /** Offset of the flag: 1 when the position is known, 0 when the sensor has none. */
    public static final int HAS_POSITION = 3;
    /** Offsets of the orientation (x, y, z), a unit vector for MEG, zeros otherwise. */
    public static final int ORIENTATION = 4;
    /** Offsets of the fNIRS source position (x, y, z). */
    public static final int SOURCE = 7;
    /** Offsets of the fNIRS detector position (x, y, z). */
    public static final int DETECTOR = 10;
    /** Offset of the wavelength, in micrometres. */
    public static final int WAVELENGTH = 13;
    /** Offset of the channel type's code. */
    public static final int TYPE = 14;
    /** Number of features per sensor. */
    public static final int COUNT = 15;

    /** Attribute holding a sensor's orientation as {@code x,y,z} (MEG coils). */
    public static final String ORIENTATION_ATTRIBUTE = "orientation";
    /** Attributes of fNIRS channels read here (the keys {@code OpticalChannel} writes). */
    public static final String SOURCE_ATTRIBUTE = "source_position";
    /** See {@link #SOURCE_ATTRIBUTE}. */
    public static final String DETECTOR_ATTRIBUTE = "detector_position";
    /** See {@link #SOURCE_ATTRIBUTE}. */
    public static final String WAVELENGTH_ATTRIBUTE = "wavelength_nm";

    // Stable codes: a trained model's type embedding is indexed by them, so they never change meaning.
    private static final Map<ChannelType, Integer> CODES = new EnumMap<>(ChannelType.class);

    static {
        ChannelType[] order = {ChannelType.EEG, ChannelType.EOG, ChannelType.ECG, ChannelType.EMG, ChannelType.SEEG,
            ChannelType.ECOG, ChannelType.RESP, ChannelType.BIO, ChannelType.GSR, ChannelType.TEMPERATURE,
            ChannelType.STIM, ChannelType.MISC, ChannelType.MAG, ChannelType.GRAD, ChannelType.REF_MEG,
            ChannelType.FNIRS_CW_AMPLITUDE, ChannelType.FNIRS_OD, ChannelType.HBO, ChannelType.HBR, ChannelType.BOLD};
        for (int i = 0; i < order.length; i++) {
            CODES.put(order[i], i);
        }
    }

    /** Number of distinct type codes: a type embedding table needs this many rows. */
    public static final int TYPE_CODES = ChannelType.values().length;

    private SensorFeatures() {
    }

    /** The stable code of {@code type}, in {@code [0, TYPE_CODES)}. */
    public static int typeCode(ChannelType type) {
        return CODES.get(type);
    }

    /**
     * The features of {@code c}.
     *
     * @throws IllegalArgumentException naming the channel when an orientation, optode position or wavelength
     *         attribute is malformed or not finite
     */
    public static float[] of(Channel c) {
        float[] f = new float[COUNT];
        double[] p = c.position().map(s -> new double[] {s.x(), s.y(), s.z()}).orElse(new double[3]);
        put(f, POSITION, p);
        f[HAS_POSITION] = c.position().isPresent() ? 1f : 0f;
        Map<String, String> a = c.attributes();
        put(f, ORIENTATION, vector(c, a, ORIENTATION_ATTRIBUTE, new double[3]));
        put(f, SOURCE, vector(c, a, SOURCE_ATTRIBUTE, p));
        put(f, DETECTOR, vector(c, a, DETECTOR_ATTRIBUTE, p));
        String wl = a.get(WAVELENGTH_ATTRIBUTE);
        if (wl != null) {
            double nm = number(c, WAVELENGTH_ATTRIBUTE, wl);
            if (!(nm > 0)) {
                throw new IllegalArgumentException("channel '" + c.name() + "' has a non-positive wavelength " + wl);
            }
            f[WAVELENGTH] = (float) (nm / 1000);
        }
        f[TYPE] = typeCode(c.type());
        return f;
    }

    /** The features of {@code channels}, row-major: channel {@code i} at {@code [i * COUNT, (i + 1) * COUNT)}. */
    public static float[] of(List<Channel> channels) {
        float[] out = new float[channels.size() * COUNT];
        for (int i = 0; i < channels.size(); i++) {
            System.arraycopy(of(channels.get(i)), 0, out, i * COUNT, COUNT);
        }
        return out;
    }

    private static double[] vector(Channel c, Map<String, String> a, String key, double[] otherwise) {
        String s = a.get(key);
        if (s == null) {
            return otherwise;
        }
        String[] parts = s.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("channel '" + c.name() + "' has attribute " + key + "=\"" + s
                    + "\", expected x,y,z");
        }
        return new double[] {number(c, key, parts[0]), number(c, key, parts[1]), number(c, key, parts[2])};
    }

    private static double number(Channel c, String key, String s) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the channel's name
        }
        throw new IllegalArgumentException("channel '" + c.name() + "' has attribute " + key + " with a value \"" + s
                + "\" that is not a finite number");
    }

    private static void put(float[] f, int at, double[] v) {
        for (int i = 0; i < 3; i++) {
            f[at + i] = (float) v[i];
        }
    }
}
