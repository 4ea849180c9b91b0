package org.neurofusion.datasets.shin;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes MATLAB v7.3 files the way MATLAB lays them out, as far as jHDF's writer can: a 512-byte user block
 * with the "MATLAB 7.3 MAT-file" header (version 0x0200), then HDF5 in which scalar structs are groups and
 * arrays are datasets with reversed dimensions and a {@code MATLAB_class} attribute. jHDF cannot write object
 * references, so cell arrays and struct arrays are not expressible: names are written as char matrices.
 */
final class Mat73Fixtures {
    private Mat73Fixtures() {
    }

    static void write(Path file, Consumer<WritableHdfFile> content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".h5");
        try (WritableHdfFile hdf = HdfFile.write(tmp)) {
            content.accept(hdf);
        }
        byte[] header = new byte[512];
        Arrays.fill(header, 0, 116, (byte) ' ');
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2018 HDF5 schema 1.00 ."
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        header[124] = 0x00;
        header[125] = 0x02;
        header[126] = 'I';
        header[127] = 'M';
        byte[] body = Files.readAllBytes(tmp);
        Files.delete(tmp);
        moveBaseAddress(body, header.length);
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(file, all);
    }

    /**
     * HDF5 addresses count from the superblock's base address, so a user block in front needs only the base
     * address moved (what h5jam does): in a version 2/3 superblock it sits at byte 12, and the superblock's
     * checksum (Jenkins lookup3, after the four addresses) must be recomputed.
     */
    private static void moveBaseAddress(byte[] body, long base) {
        int version = body[8];
        int offsets = body[9];
        if (version < 2 || offsets != 8) {
            throw new IllegalStateException("jHDF wrote superblock version " + version + " with " + offsets
                    + "-byte offsets; only version 2/3 with 8-byte offsets is handled here");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(12, base);
        int end = 12 + 4 * offsets;
        b.putInt(end, io.jhdf.checksum.ChecksumUtils.checksum(Arrays.copyOf(body, end)));
    }

    static WritableGroup struct(WritableGroup parent, String name) {
        WritableGroup g = parent.putGroup(name);
        g.putAttribute("MATLAB_class", "struct");
        return g;
    }

    static void scalar(WritableGroup g, String name, double v) {
        g.putDataset(name, new double[][] {{v}}).putAttribute("MATLAB_class", "double");
    }

    /** A MATLAB rows × cols double matrix, given column by column (the HDF5 layout). */
    static void matrix(WritableGroup g, String name, double[][] columns) {
        g.putDataset(name, columns).putAttribute("MATLAB_class", "double");
    }

    /** A MATLAB char matrix with one name per row, blank-padded as {@code char()} pads. */
    static void names(WritableGroup g, String name, List<String> names) {
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        short[][] h = new short[width][names.size()];
        for (int r = 0; r < names.size(); r++) {
            for (int k = 0; k < width; k++) {
                h[k][r] = (short) (k < names.get(r).length() ? names.get(r).charAt(k) : ' ');
            }
        }
        WritableDataset d = g.putDataset(name, h);
        d.putAttribute("MATLAB_class", "char");
    }

    /** A MATLAB char row vector. */
    static void string(WritableGroup g, String name, String s) {
        short[][] h = new short[s.length()][1];
        for (int k = 0; k < s.length(); k++) {
            h[k][0] = (short) s.charAt(k);
        }
        g.putDataset(name, h).putAttribute("MATLAB_class", "char");
    }
}
