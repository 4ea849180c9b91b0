package org.neurofusion.datasets.simulate;

import java.util.SplittableRandom;

/**
 * BOLD images of one run on a subject's {@link BoldAtlas} grid, from the same latent haemodynamics the fNIRS sees.
 * Each parcel's percent signal change is the HbO response (HRF-convolved haemodynamic demand, {@link LatentActivity})
 * of the cortical sources, weighted by a Gaussian of the distance from the parcel's centre to each source (1 at the
 * source's own parcel), converted at {@link #PERCENT_PER_MOLAR}, plus a spontaneous 0.01–0.1 Hz fluctuation of its
 * own. A brain voxel then reads baseline × (1 + change/100) × (1 + drift) + thermal noise, with a scanner drift
 * shared by all voxels and a slope of each voxel's own, both linear in time; volume j is acquired at j·TR.
 */
final class BoldSynthesis {
    /**
     * Percent BOLD change per mol/L of HbO at the source: 1.5 % for the 0.4 µM of a full task block at the default
     * {@code hboAmplitude}, the size of a motor or arithmetic block response at 3 T in the activated region.
     */
    static final double PERCENT_PER_MOLAR = 1.5 / 4e-7;
    /** Spatial spread (standard deviation, m) of a source's haemodynamics into neighbouring parcels. */
    static final double SPREAD = 0.012;
    /** Standard deviation of every parcel's spontaneous fluctuation (percent). */
    static final double SPONTANEOUS = 0.2;
    /** Standard deviation of the scanner drift's end-to-end change and of a voxel's own (fractions). */
    static final double SCANNER_DRIFT = 0.01;
    static final double VOXEL_DRIFT = 0.005;
    /** Thermal noise per voxel and volume, standard deviation as a fraction of the mean baseline (tSNR 100). */
    static final double THERMAL = 0.01;

    private BoldSynthesis() {
    }

    static SimulatedBold generate(SimulationConfig c, SubjectModel m, BoldAtlas atlas, LatentActivity lat,
            double duration, SplittableRandom rnd) {
        double tr = c.fmriTr();
        int volumes = (int) Math.floor(duration / tr);
        if (volumes < 1) {
            throw new IllegalArgumentException("a run of " + duration + " s holds no volume at fmriTr " + tr + " s");
        }
        int np = atlas.parcels();
        double[][] percent = new double[np][volumes];
        for (int p = 0; p < np; p++) {
            double[] spontaneous = Noise.band(rnd, volumes, 1 / tr, 0.01, 0.1);
            for (int k = 0; k < m.sources.size(); k++) {
                double d = SphericalHead.norm(SphericalHead.sub(atlas.centres.get(p), m.sources.get(k).position()));
                double w = Math.exp(-0.5 * (d / SPREAD) * (d / SPREAD));
                if (w < 1e-4) {
                    continue;
                }
                for (int j = 0; j < volumes; j++) {
                    percent[p][j] += w * PERCENT_PER_MOLAR * lat.at(lat.hbo[k], j * tr);
                }
            }
            for (int j = 0; j < volumes; j++) {
                percent[p][j] += SPONTANEOUS * spontaneous[j];
            }
        }
        int voxels = atlas.labels.length;
        double scanner = SCANNER_DRIFT * rnd.nextGaussian();
        double[] slope = new double[voxels];
        for (int v = 0; v < voxels; v++) {
            slope[v] = atlas.labels[v] == 0 ? 0 : scanner + VOXEL_DRIFT * rnd.nextGaussian();
        }
        float[] values = new float[voxels * volumes];
        double sigma = THERMAL * BoldAtlas.BASELINE;
        for (int j = 0; j < volumes; j++) {
            double t = volumes > 1 ? (double) j / (volumes - 1) - 0.5 : 0;
            for (int v = 0; v < voxels; v++) {
                int label = atlas.labels[v];
                if (label == 0) {
                    continue;
                }
                double signal = atlas.baseline[v] * (1 + percent[label - 1][j] / 100) * (1 + slope[v] * t);
                values[j * voxels + v] = (float) (signal + sigma * rnd.nextGaussian());
            }
        }
        return new SimulatedBold(atlas.header(volumes, tr, "SIMULATED BOLD (neurofusion)"), values, atlas.names,
                percent);
    }
}
