package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/**
 * The simulated fNIRS probe: three 3 × 3 checkerboard patches of optodes (5 sources, 4 detectors each, neighbours
 * one long separation apart) centred over C3 (left hand area), C4 (right hand area) and the frontal midline
 * between Fz and AFz, giving 12 long channels per patch, 36 in all, as in Shin 2017's 36-channel layout. Each
 * source optionally has a short channel to its own detector one short separation away (Brigadoi & Cooper 2015
 * recommend 8.4 mm in adults). Sources are numbered 1–15, long detectors 1–12, short detectors from 13.
 */
public final class FnirsProbe {
    /** The two wavelengths of the simulated device (nm), as in NIRScout and most CW systems. */
    public static final double[] WAVELENGTHS = {760, 850};
    /** Patch centres (theta from the vertex, azimuth from +x, degrees) and their names. */
    static final double[][] PATCH_CENTRES = {{45, 180}, {45, 0}, {65, 90}};
    static final String[] PATCH_NAMES = {"motor_left", "motor_right", "frontal"};

    /** One source–detector pair. {@code area} indexes {@link #PATCH_NAMES}. */
    public record Pair(int source, int detector, boolean isShort, int area, double[] sourcePosition,
            double[] detectorPosition) {
        /** The optical channel at one wavelength. */
        public OpticalChannel optical(double wavelengthNm) {
            return new OpticalChannel(source, detector, OptionalDouble.of(wavelengthNm),
                    Optional.of(SphericalHead.pos(sourcePosition)), Optional.of(SphericalHead.pos(detectorPosition)));
        }

        /** Source–detector distance (m). */
        public double distance() {
            return SphericalHead.norm(SphericalHead.sub(sourcePosition, detectorPosition));
        }

        /** Midpoint of the two optodes. */
        public double[] midpoint() {
            return SphericalHead.scale(SphericalHead.add(sourcePosition, detectorPosition), 0.5);
        }
    }

    private final List<Pair> pairs;

    /** The probe on a head of {@code radius}, with the given separations, with or without short channels. */
    public FnirsProbe(double radius, double longSeparation, double shortSeparation, boolean shortChannels) {
        List<Pair> longs = new ArrayList<>();
        List<Pair> shorts = new ArrayList<>();
        int nextSource = 1;
        int nextDetector = 1;
        for (int area = 0; area < PATCH_CENTRES.length; area++) {
            double[] centre = SphericalHead.vec(SphericalHead.onSphere(PATCH_CENTRES[area][0],
                    PATCH_CENTRES[area][1], radius));
            int[][] index = new int[3][3];
            double[][][] where = new double[3][3][];
            for (int i = -1; i <= 1; i++) {
                for (int j = -1; j <= 1; j++) {
                    where[i + 1][j + 1] = SphericalHead.moveOnSphere(centre, i * longSeparation, j * longSeparation);
                    boolean source = (i + j) % 2 == 0;
                    index[i + 1][j + 1] = source ? nextSource++ : nextDetector++;
                }
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if ((i + j) % 2 == 0) {
                        continue; // pairs are enumerated from their detector
                    }
                    int[][] nb = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
                    for (int[] n : nb) {
                        if (n[0] >= 0 && n[0] < 3 && n[1] >= 0 && n[1] < 3) {
                            longs.add(new Pair(index[n[0]][n[1]], index[i][j], false, area, where[n[0]][n[1]],
                                    where[i][j]));
                        }
                    }
                }
            }
            if (shortChannels) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        if ((i + j) % 2 == 0) {
                            double[] s = where[i][j];
                            // Offset towards the patch centre's vertex side so no short detector sits on a long one.
                            double[] d = SphericalHead.moveOnSphere(s, shortSeparation * 0.6, shortSeparation * 0.8);
                            shorts.add(new Pair(index[i][j], -1, true, area, s, d));
                        }
                    }
                }
            }
        }
        longs.sort((a, b) -> a.source() != b.source() ? Integer.compare(a.source(), b.source())
                : Integer.compare(a.detector(), b.detector()));
        List<Pair> all = new ArrayList<>(longs);
        int firstShortDetector = nextDetector;
        for (int k = 0; k < shorts.size(); k++) {
            Pair p = shorts.get(k);
            all.add(new Pair(p.source(), firstShortDetector + k, true, p.area(), p.sourcePosition(),
                    p.detectorPosition()));
        }
        this.pairs = List.copyOf(all);
    }

    /** Every pair: the long ones ordered by source then detector, then the short ones. */
    public List<Pair> pairs() {
        return pairs;
    }

    /** Number of long channels. */
    public int longCount() {
        return (int) pairs.stream().filter(p -> !p.isShort()).count();
    }

    /** Midpoint of a pair as a sensor position. */
    static SensorPosition midpointPosition(Pair p) {
        return SphericalHead.pos(p.midpoint());
    }
}
