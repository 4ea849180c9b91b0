package org.neurofusion.modalities.meg;

import java.util.Arrays;
import java.util.Objects;

/**
 * One channel as a FIF file describes it (FIFFT_CH_INFO_STRUCT, possibly amended by an extended FIFFB_CH_INFO
 * block): scan and logical numbers, the FIFF channel kind, the range and calibration that turn stored numbers
 * into physical values, the coil type (with the CTF compensation grade in its upper 16 bits), the 12 location
 * values (position, then the coil's x, y and z axes for MEG; position then reference position for EEG), the
 * FIFF unit with its power-of-ten multiplier, and the name.
 */
public record FifChannel(int scanNo, int logicalNo, int kind, double range, double cal, int coilType, double[] loc,
        int unit, int unitMul, String name) {
    /** Copies {@code loc}, which must hold 12 values. */
    public FifChannel {
        Objects.requireNonNull(name, "name");
        if (loc.length != 12) {
            throw new IllegalArgumentException("channel '" + name + "': loc holds " + loc.length
                    + " values, expected 12");
        }
        loc = loc.clone();
    }

    /** A copy of the 12 location values. */
    @Override
    public double[] loc() {
        return loc.clone();
    }

    /** The factor MNE applies to stored numbers: range × calibration (the unit multiplier is not applied). */
    public double scale() {
        return range * cal;
    }

    /** The coil type without the CTF compensation grade. */
    public int baseCoilType() {
        return coilType & 0xFFFF;
    }

    /** The CTF compensation grade this channel's data carry (upper 16 bits of the coil type; 0 for none). */
    public int compensationGrade() {
        return coilType >>> 16;
    }

    FifChannel withName(String newName) {
        return new FifChannel(scanNo, logicalNo, kind, range, cal, coilType, loc, unit, unitMul, newName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FifChannel c && scanNo == c.scanNo && logicalNo == c.logicalNo && kind == c.kind
                && Double.compare(range, c.range) == 0 && Double.compare(cal, c.cal) == 0 && coilType == c.coilType
                && Arrays.equals(loc, c.loc) && unit == c.unit && unitMul == c.unitMul && name.equals(c.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scanNo, logicalNo, kind, coilType, name, Arrays.hashCode(loc));
    }

    @Override
    public String toString() {
        return "FifChannel[" + name + ", kind " + kind + ", coil " + coilType + ", unit " + unit + ", scale "
                + scale() + "]";
    }

    /** Reads a FIFFT_CH_INFO_STRUCT tag. */
    static FifChannel read(FifFile f, FifTag t) {
        f.requireType(t, FifConstants.T_CH_INFO_STRUCT);
        if (t.size() < FifFile.CH_INFO_BYTES) {
            throw f.corrupt(t.pos() + 8, t + " is too small for a channel record (" + FifFile.CH_INFO_BYTES
                    + " bytes)");
        }
        java.nio.ByteBuffer b = f.buffer();
        int p = (int) t.dataPos();
        double[] loc = new double[12];
        for (int i = 0; i < 12; i++) {
            loc[i] = b.getFloat(p + 24 + 4 * i);
        }
        byte[] raw = new byte[16];
        b.get(p + 80, raw);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        String name = new String(raw, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        return new FifChannel(b.getInt(p), b.getInt(p + 4), b.getInt(p + 8), b.getFloat(p + 12), b.getFloat(p + 16),
                b.getInt(p + 20), loc, b.getInt(p + 72), b.getInt(p + 76), name);
    }

    /**
     * This channel amended by an extended channel block (FIFFB_CH_INFO), whose tags each replace one field: MNE
     * writes them for names longer than the 15 characters the fixed record holds.
     */
    FifChannel amend(FifFile f, FifBlock extra) {
        int sc = scanNo;
        int lo = logicalNo;
        int ki = kind;
        double ra = range;
        double ca = cal;
        int co = coilType;
        double[] lc = loc;
        int un = unit;
        int um = unitMul;
        String na = name;
        for (FifTag t : extra.tags()) {
            switch (t.kind()) {
                case FifConstants.CH_SCAN_NO -> sc = f.intValue(t);
                case FifConstants.CH_LOGICAL_NO -> lo = f.intValue(t);
                case FifConstants.CH_KIND -> ki = f.intValue(t);
                case FifConstants.CH_RANGE -> ra = f.realValue(t);
                case FifConstants.CH_CAL -> ca = f.realValue(t);
                case FifConstants.CH_COIL_TYPE -> co = f.intValue(t);
                case FifConstants.CH_UNIT -> un = f.intValue(t);
                case FifConstants.CH_UNIT_MUL -> um = f.intValue(t);
                case FifConstants.CH_DACQ_NAME -> na = f.string(t).strip();
                case FifConstants.CH_LOC -> {
                    double[] v = f.reals(t);
                    if (v.length != 12) {
                        throw f.corrupt(t.pos(), t + " holds " + v.length + " location values, expected 12");
                    }
                    lc = v;
                }
                default -> {
                    // Other fields (the coordinate frame) are implied by the kind, as MNE implies them.
                }
            }
        }
        return new FifChannel(sc, lo, ki, ra, ca, co, lc, un, um, na);
    }
}
