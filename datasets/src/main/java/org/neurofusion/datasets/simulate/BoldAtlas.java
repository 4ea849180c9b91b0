package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurofusion.modalities.fmri.NiftiDataType;
import org.neurofusion.modalities.fmri.NiftiHeader;

/**
 * One subject's fMRI grid and atlas: a cube of isotropic voxels centred on the head centre that covers the brain
 * (a sphere {@link #SCALP_AND_SKULL} inside the head), the brain mask, and a parcellation of the brain voxels by
 * their nearest parcel centre. The centres are the subject's cortical sources (the parcels that carry the task)
 * and filler parcels spread through the rest of the brain: a Fibonacci lattice on a cortical shell (those closer
 * than {@link #FILLER_CLEARANCE} to a source left out, so that every source keeps a parcel of its own) and one on
 * a deep shell. Parcels that end up without a voxel are dropped and the rest numbered 1, 2, ... in centre order.
 *
 * <p>Voxels are stored right to left (radiological order: the first axis runs towards −x), so the affine is not
 * a plain scaling: voxel (i, j, k) lies at x = −s·(i − c), y = s·(j − c), z = s·(k − c) millimetres with c the
 * centre voxel. The qform encodes the same matrix (a 180° rotation about y with qfac −1).
 */
final class BoldAtlas {
    /** Scalp and skull thickness between the head's and the brain's spheres (m). */
    static final double SCALP_AND_SKULL = 0.01;
    /** Filler centres on the cortical shell (before those near a source are left out) and on the deep shell. */
    static final int CORTICAL_FILLERS = 36;
    static final int DEEP_FILLERS = 10;
    /** Fraction of the brain radius of the two filler shells. */
    static final double CORTICAL_SHELL = 0.8;
    static final double DEEP_SHELL = 0.4;
    /** A filler centre this close to a cortical source is left out (m). */
    static final double FILLER_CLEARANCE = 0.02;
    /** Mean BOLD signal of a brain voxel (arbitrary scanner units) and the voxel-to-voxel spread of its log. */
    static final double BASELINE = 1000;
    static final double BASELINE_SPREAD = 0.05;

    final int size;
    final double voxelMm;
    final double brainRadius;
    /** Label of every voxel in file order (first axis fastest), 0 outside the brain. */
    final int[] labels;
    /** Parcel names and centres (m, head frame), index p for label p + 1. */
    final List<String> names = new ArrayList<>();
    final List<double[]> centres = new ArrayList<>();
    /** Baseline signal of every voxel (0 outside the brain). */
    final double[] baseline;

    BoldAtlas(SimulationConfig c, SubjectModel m) {
        voxelMm = c.fmriVoxelSize();
        brainRadius = c.headRadius() - SCALP_AND_SKULL;
        int half = (int) Math.ceil(brainRadius * 1000 / voxelMm);
        size = 2 * half + 1;
        List<String> candidateNames = new ArrayList<>();
        List<double[]> candidates = new ArrayList<>();
        for (SubjectModel.CorticalSource s : m.sources) {
            candidateNames.add(s.name());
            candidates.add(s.position());
        }
        int filler = 0;
        for (double[] p : lattice(CORTICAL_FILLERS, CORTICAL_SHELL * brainRadius)) {
            if (m.sources.stream().allMatch(s -> SphericalHead.norm(SphericalHead.sub(s.position(), p))
                    >= FILLER_CLEARANCE)) {
                candidateNames.add(String.format(Locale.ROOT, "cortex_%02d", ++filler));
                candidates.add(p);
            }
        }
        filler = 0;
        for (double[] p : lattice(DEEP_FILLERS, DEEP_SHELL * brainRadius)) {
            candidateNames.add(String.format(Locale.ROOT, "deep_%02d", ++filler));
            candidates.add(p);
        }
        int[] nearest = new int[size * size * size];
        int[] count = new int[candidates.size()];
        for (int v = 0; v < nearest.length; v++) {
            double[] w = world(v);
            nearest[v] = -1;
            if (SphericalHead.norm(w) > brainRadius) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int q = 0; q < candidates.size(); q++) {
                double d = SphericalHead.norm(SphericalHead.sub(w, candidates.get(q)));
                if (d < best) {
                    best = d;
                    nearest[v] = q;
                }
            }
            count[nearest[v]]++;
        }
        int[] label = new int[candidates.size()];
        for (int q = 0; q < candidates.size(); q++) {
            if (count[q] > 0) {
                names.add(candidateNames.get(q));
                centres.add(candidates.get(q));
                label[q] = names.size();
            }
        }
        labels = new int[nearest.length];
        baseline = new double[nearest.length];
        SplittableRandom rnd = Simulator.random(c.seed(), m.index, -1, 7);
        for (int v = 0; v < nearest.length; v++) {
            if (nearest[v] >= 0) {
                labels[v] = label[nearest[v]];
                baseline[v] = BASELINE * Math.exp(BASELINE_SPREAD * rnd.nextGaussian());
            }
        }
    }

    /** World position (m, head frame) of voxel {@code v} (file order). */
    double[] world(int v) {
        int i = v % size;
        int j = (v / size) % size;
        int k = v / (size * size);
        double[][] a = affine();
        return new double[] {(a[0][0] * i + a[0][3]) / 1000, (a[1][1] * j + a[1][3]) / 1000,
            (a[2][2] * k + a[2][3]) / 1000};
    }

    /** Voxel (i, j, k) → world millimetres, 4 × 4. */
    double[][] affine() {
        double c = (size - 1) / 2.0;
        return new double[][] {{-voxelMm, 0, 0, voxelMm * c}, {0, voxelMm, 0, -voxelMm * c},
            {0, 0, voxelMm, -voxelMm * c}, {0, 0, 0, 1}};
    }

    /** Number of parcels (labels 1 .. parcels()). */
    int parcels() {
        return names.size();
    }

    /** Label → name, in label order. */
    Map<Integer, String> labelNames() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
            out.put(p + 1, names.get(p));
        }
        return out;
    }

    /**
     * A header on this grid: {@code volumes} > 0 gives a 4-D float32 image with TR {@code tr} seconds, 0 the 3-D
     * int16 label image. Both forms are scanner-anatomical (code 1), units mm and s.
     */
    NiftiHeader header(int volumes, double tr, String description) {
        double[][] a = affine();
        NiftiHeader.Builder b = NiftiHeader.builder()
                .setDatatype(volumes > 0 ? NiftiDataType.FLOAT32 : NiftiDataType.INT16)
                .optQform(1, 0, 1, 0, a[0][3], a[1][3], a[2][3]).optQfac(-1).optSform(1, a)
                .optXyztUnits(2 + 8).optDescrip(description);
        if (volumes > 0) {
            b.setShape(size, size, size, volumes).optZooms(voxelMm, voxelMm, voxelMm, tr);
        } else {
            b.setShape(size, size, size).optZooms(voxelMm, voxelMm, voxelMm);
        }
        return b.build();
    }

    /** {@code count} points spread evenly over a sphere of radius {@code r} (a Fibonacci lattice). */
    private static List<double[]> lattice(int count, double r) {
        List<double[]> out = new ArrayList<>();
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < count; i++) {
            double z = 1 - 2 * (i + 0.5) / count;
            double rho = Math.sqrt(1 - z * z);
            out.add(new double[] {r * rho * Math.cos(i * golden), r * rho * Math.sin(i * golden), r * z});
        }
        return out;
    }
}
