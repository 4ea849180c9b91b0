package org.neurofusion.modalities.fnirs;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.io.Hdf5Bounds;

/**
 * Typed access to the objects of one SNIRF file through jHDF. Every failure becomes a
 * {@link CorruptRecordingException} naming the file and the HDF5 path being read: jHDF throws its own
 * unchecked exceptions (and plain buffer or index errors on damaged files), which mean nothing to a user.
 */
final class SnirfHdf {
    private final Path file;
    private long fileSize = -1;

    SnirfHdf(Path file) {
        this.file = file;
    }

    /** The file's size, read once: what every dataset's declared size is bounded by. */
    private long fileSize() {
        if (fileSize < 0) {
            try {
                fileSize = Files.size(file);
            } catch (IOException e) {
                throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
            }
        }
        return fileSize;
    }

    /**
     * Refuses a dataset whose declared size the file cannot hold ({@link Hdf5Bounds#checkDataset}), before jHDF
     * allocates for it. Every read of a whole dataset calls this; the data block and auxiliary series are checked
     * when the recording is opened, since their windows are read later.
     */
    void checkStorage(Dataset d) {
        call(pathOf(d), () -> {
            Hdf5Bounds.checkDataset(file, fileSize(), d);
            return null;
        });
    }

    Path file() {
        return file;
    }

    /** A corrupt-file error about one HDF5 path. */
    CorruptRecordingException corrupt(String path, String problem) {
        return new CorruptRecordingException(file, -1, path + ": " + problem);
    }

    /** Runs a jHDF call, turning anything it throws into an error naming the file and path. */
    <T> T call(String path, Supplier<T> action) {
        try {
            return action.get();
        } catch (RecordingException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new CorruptRecordingException(file, -1, "cannot read " + path + ": " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw Hdf5Bounds.outOfMemory(file, path, e);
        }
    }

    /** The error's type and message, and its root cause's when there is one (jHDF wraps what it tripped over). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return one(e) + (root == e ? "" : "; cause: " + one(root));
    }

    private static String one(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /** The child of a group, if present. */
    Optional<Node> child(Group g, String name) {
        return call(join(g, name), () -> Optional.ofNullable(g.getChildren().get(name)));
    }

    /** A child dataset, or an error when it is missing or not a dataset. */
    Dataset dataset(Group g, String name) {
        return optDataset(g, name).orElseThrow(() -> corrupt(join(g, name), "required dataset is missing"));
    }

    Optional<Dataset> optDataset(Group g, String name) {
        Optional<Node> n = child(g, name);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (!(n.get() instanceof Dataset d)) {
            throw corrupt(join(g, name), "expected a dataset, found a group");
        }
        return Optional.of(d);
    }

    /** A child group, or an error when it is missing or not a group. */
    Group group(Group g, String name) {
        return optGroup(g, name).orElseThrow(() -> corrupt(join(g, name), "required group is missing"));
    }

    Optional<Group> optGroup(Group g, String name) {
        Optional<Node> n = child(g, name);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (!(n.get() instanceof Group c)) {
            throw corrupt(join(g, name), "expected a group, found a dataset");
        }
        return Optional.of(c);
    }

    /** Names of a group's children {@code prefix<number>}, sorted by number (MNE's natural order). */
    List<String> numbered(Group g, String prefix) {
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d+)");
        List<String> names = new ArrayList<>();
        for (String n : call(pathOf(g), () -> List.copyOf(g.getChildren().keySet()))) {
            Matcher m = p.matcher(n);
            if (m.matches() && m.group(1).length() < 10) {
                names.add(n);
            }
        }
        names.sort((a, b) -> {
            int c = Long.compare(Long.parseLong(a.substring(prefix.length())), Long.parseLong(b.substring(prefix.length())));
            return c != 0 ? c : a.compareTo(b);
        });
        return names;
    }

    /** A node's HDF5 path without the trailing slash jHDF gives groups ({@code /nirs}, not {@code /nirs/}). */
    static String pathOf(io.jhdf.api.Node n) {
        String p = n.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    static String join(Group g, String name) {
        String base = pathOf(g);
        return base.equals("/") ? base + name : base + "/" + name;
    }

    /** Dimensions of a dataset (empty for a scalar). */
    int[] dimensions(Dataset d) {
        return call(pathOf(d), () -> d.isScalar() ? new int[0] : d.getDimensions());
    }

    /** All numbers of a dataset, flattened in row-major order (empty for an empty dataset). */
    double[] numbers(Dataset d) {
        checkStorage(d);
        return call(pathOf(d), () -> {
            if (d.isEmpty()) {
                return new double[0];
            }
            // The size was bounded by checkStorage; the values are copied without boxing.
            double[] out = new double[Math.toIntExact(d.isScalar() ? 1 : d.getSize())];
            int filled;
            try {
                filled = SnirfArrays.flatten(d.getData(), out, 0);
            } catch (IllegalArgumentException e) {
                throw corrupt(pathOf(d), e.getMessage());
            }
            if (filled != out.length) {
                throw corrupt(pathOf(d), "holds " + filled + " numbers, its shape " + out.length);
            }
            return out;
        });
    }

    /** The single number of a scalar or one-element dataset. */
    double number(Dataset d) {
        double[] v = numbers(d);
        if (v.length != 1) {
            throw corrupt(pathOf(d), "expected one number, found " + v.length);
        }
        return v[0];
    }

    /** A positive whole number (an index), as SNIRF's integer fields; some writers store them as float64. */
    int index(Dataset d) {
        double v = number(d);
        if (!(v == Math.rint(v)) || v < 0 || v > Integer.MAX_VALUE) {
            throw corrupt(pathOf(d), "expected a non-negative whole number, found " + v);
        }
        return (int) v;
    }

    /** All strings of a dataset, flattened (variable-length, fixed-length, scalar or array). */
    List<String> strings(Dataset d) {
        checkStorage(d);
        return call(pathOf(d), () -> {
            List<String> out = new ArrayList<>();
            if (d.isEmpty()) {
                return out;
            }
            collectStrings(pathOf(d), d.getData(), out);
            return out;
        });
    }

    private void collectStrings(String path, Object o, List<String> out) {
        if (o instanceof String s) {
            out.add(s);
        } else if (o instanceof byte[] b) {
            out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        } else if (o != null && o.getClass().isArray()) {
            int n = Array.getLength(o);
            for (int i = 0; i < n; i++) {
                collectStrings(path, Array.get(o, i), out);
            }
        } else {
            throw corrupt(path, "expected text, found " + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
    }

    /** The first string of a dataset (SNIRF stores single strings as scalars or one-element arrays). */
    String string(Dataset d) {
        List<String> s = strings(d);
        if (s.isEmpty()) {
            throw corrupt(pathOf(d), "expected text, found an empty dataset");
        }
        return s.get(0);
    }

    /** A dataset's value as text for a header field: strings joined, numbers printed. */
    String text(Dataset d) {
        Class<?> t = call(pathOf(d), d::getJavaType);
        if (t == String.class) {
            return String.join(",", strings(d));
        }
        double[] v = numbers(d);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e15
                    ? Long.toString((long) v[i]) : Double.toString(v[i]));
        }
        return sb.toString();
    }

    /**
     * A numeric matrix of {@code rows × cols} as rows; a 1-D dataset of length {@code rows} is one column
     * (and, when {@code vectorIsRow}, a single row).
     */
    double[][] matrix(Dataset d, boolean vectorIsRow) {
        int[] dims = dimensions(d);
        double[] flat = numbers(d);
        int rows;
        int cols;
        if (dims.length == 2) {
            rows = dims[0];
            cols = dims[1];
        } else if (dims.length <= 1) {
            rows = vectorIsRow ? (flat.length == 0 ? 0 : 1) : flat.length;
            cols = vectorIsRow ? flat.length : 1;
        } else {
            throw corrupt(pathOf(d), "expected a 2-D array, found " + dims.length + " dimensions");
        }
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }
}
