package org.neurofusion.modalities.fnirs;

/**
 * Copies the nested primitive arrays jHDF returns ({@code double[][]}, {@code float[]}, {@code int[][]}, ...)
 * into one flat float64 array, row-major, without boxing: sample data can be large.
 */
final class SnirfArrays {
    private SnirfArrays() {
    }

    /**
     * Copies {@code data} into {@code out} from {@code at}; returns the index after the last value written.
     *
     * @throws IllegalArgumentException when the data hold something other than numbers, or too many
     */
    static int flatten(Object data, double[] out, int at) {
        if (data instanceof double[] a) {
            check(out, at, a.length);
            System.arraycopy(a, 0, out, at, a.length);
            return at + a.length;
        } else if (data instanceof float[] a) {
            check(out, at, a.length);
            for (int i = 0; i < a.length; i++) {
                out[at + i] = a[i];
            }
            return at + a.length;
        } else if (data instanceof int[] a) {
            check(out, at, a.length);
            for (int i = 0; i < a.length; i++) {
                out[at + i] = a[i];
            }
            return at + a.length;
        } else if (data instanceof long[] a) {
            check(out, at, a.length);
            for (int i = 0; i < a.length; i++) {
                out[at + i] = a[i];
            }
            return at + a.length;
        } else if (data instanceof short[] a) {
            check(out, at, a.length);
            for (int i = 0; i < a.length; i++) {
                out[at + i] = a[i];
            }
            return at + a.length;
        } else if (data instanceof byte[] a) {
            check(out, at, a.length);
            for (int i = 0; i < a.length; i++) {
                out[at + i] = a[i];
            }
            return at + a.length;
        } else if (data instanceof boolean[] a) {
            check(out, at, a.length);
            for (int i = 0; i < a.length; i++) {
                out[at + i] = a[i] ? 1 : 0;
            }
            return at + a.length;
        } else if (data instanceof Boolean b) {
            check(out, at, 1);
            out[at] = b ? 1 : 0;
            return at + 1;
        } else if (data instanceof Object[] rows) {
            int pos = at;
            for (Object r : rows) {
                pos = flatten(r, out, pos);
            }
            return pos;
        } else if (data instanceof Number n) {
            check(out, at, 1);
            out[at] = n.doubleValue();
            return at + 1;
        }
        throw new IllegalArgumentException("expected numbers, found "
                + (data == null ? "nothing" : data.getClass().getSimpleName()));
    }

    private static void check(double[] out, int at, int n) {
        if (n > out.length - at) {
            throw new IllegalArgumentException("more values than the dataset's shape allows");
        }
    }
}
