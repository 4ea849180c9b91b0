package org.neurofusion.modalities.fnirs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Molar extinction coefficients of HbO₂ and HbR (cm⁻¹/(mol/L), base 10) from Scott Prahl's compilation of
 * Gratzer's and Kollias's data (Oregon Medical Laser Center, omlc.org/spectra/hemoglobin/summary.html), the
 * table MNE-Python uses, 600–1000 nm in 2 nm steps, linearly interpolated in between.
 */
public final class ExtinctionCoefficients {
    private static final double[][] TABLE = load();

    private ExtinctionCoefficients() {
    }

    /** {HbO₂, HbR} extinction at {@code nm}, in cm⁻¹/(mol/L). */
    public static double[] at(double nm) {
        double[] w = TABLE[0];
        if (!(nm >= w[0] && nm <= w[w.length - 1])) {
            throw new IllegalArgumentException("wavelength " + nm + " nm is outside the extinction table ("
                    + w[0] + "-" + w[w.length - 1] + " nm)");
        }
        int hi = 1;
        while (hi < w.length - 1 && w[hi] < nm) {
            hi++;
        }
        int lo = hi - 1;
        double f = (nm - w[lo]) / (w[hi] - w[lo]);
        return new double[] {TABLE[1][lo] + f * (TABLE[1][hi] - TABLE[1][lo]),
            TABLE[2][lo] + f * (TABLE[2][hi] - TABLE[2][lo])};
    }

    private static double[][] load() {
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = ExtinctionCoefficients.class.getResourceAsStream("prahl_hemoglobin_extinction.tsv")) {
            if (in == null) {
                throw new IllegalStateException("extinction table resource is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null;) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[][] t = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 3; k++) {
                t[k][i] = rows.get(i)[k];
            }
        }
        return t;
    }
}
