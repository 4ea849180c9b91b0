package org.neurofusion.modalities.meg;

import java.util.List;

/**
 * One CTF gradient-compensation matrix stored with a recording (FIFFB_MNE_CTF_COMP_DATA): the CTF kind as stored
 * ({@code G1BR} etc. as four ASCII bytes), the grade MNE maps it to (1, 2, 3 for G1BR, G2BR, G3BR; the stored
 * number otherwise), whether the coefficients are calibrated, and the matrix from the reference channels
 * (columns) to the MEG channels (rows). Exposed, never applied.
 */
public record FifCompensation(int ctfKind, int grade, boolean calibrated, List<String> rowNames,
        List<String> columnNames, double[][] data) {
    /** Copies the names and the matrix. */
    public FifCompensation {
        rowNames = List.copyOf(rowNames);
        columnNames = List.copyOf(columnNames);
        double[][] copy = new double[data.length][];
        for (int i = 0; i < data.length; i++) {
            copy[i] = data[i].clone();
        }
        data = copy;
    }

    /** A copy of the matrix. */
    @Override
    public double[][] data() {
        double[][] copy = new double[data.length][];
        for (int i = 0; i < data.length; i++) {
            copy[i] = data[i].clone();
        }
        return copy;
    }

    /** The CTF kind as text ({@code G3BR}), or its number when it is not four printable characters. */
    public String ctfName() {
        StringBuilder sb = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (ctfKind >>> shift) & 0xff;
            if (c < 32 || c > 126) {
                return Integer.toString(ctfKind);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** MNE's grade for a stored CTF kind. */
    static int gradeOf(int ctfKind) {
        return switch (ctfKind) {
            case 0x47314252 -> 1;
            case 0x47324252 -> 2;
            case 0x47334252 -> 3;
            default -> ctfKind;
        };
    }

    @Override
    public String toString() {
        return "FifCompensation[" + ctfName() + ", grade " + grade + ", " + data.length + " × " + columnNames.size()
                + (calibrated ? ", calibrated" : "") + "]";
    }
}
