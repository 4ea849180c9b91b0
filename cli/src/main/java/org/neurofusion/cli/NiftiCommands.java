package org.neurofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.fmri.NiftiExtension;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import org.neurofusion.modalities.fmri.Parcellation;
import org.neurofusion.modalities.io.NpyWriter;

/**
 * What {@code info} and {@code convert} do with a NIfTI image, which is a grid of voxels rather than a recording
 * of channels: describe its header (field names as nibabel's), write its voxels as an N-dimensional array, or
 * write its parcel-mean time series under an atlas.
 */
final class NiftiCommands {
    private NiftiCommands() {
    }

    /** The JSON {@code info --json} prints for a NIfTI image. */
    static ObjectNode describe(NiftiImage img, ObjectMapper mapper) {
        NiftiHeader h = img.header();
        ObjectNode root = mapper.createObjectNode();
        root.put("file", img.source().toString());
        root.put("format", img.format());
        root.put("single_file", img.isSingleFile());
        root.put("compressed", img.isCompressed());
        ArrayNode shape = root.putArray("shape");
        Arrays.stream(img.shape()).forEach(shape::add);
        ArrayNode zooms = root.putArray("zooms");
        Arrays.stream(h.zooms()).forEach(zooms::add);
        root.put("datatype", h.datatype().numpyName());
        root.put("byte_order", h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
        ArrayNode affine = root.putArray("affine");
        for (double[] row : img.affine()) {
            ArrayNode r = affine.addArray();
            Arrays.stream(row).forEach(r::add);
        }
        root.put("qform_code", h.qformCode());
        root.put("sform_code", h.sformCode());
        root.putArray("xyzt_units").add(h.spatialUnit()).add(h.timeUnit());
        putOrNull(root, "tr_s", h.repetitionTimeSeconds());
        putOrNull(root, "scl_slope", h.slope());
        putOrNull(root, "scl_inter", h.intercept());
        root.put("descrip", h.descrip());
        root.put("vox_offset", h.voxOffset());
        ArrayNode ext = root.putArray("extensions");
        for (NiftiExtension e : h.extensions()) {
            ext.addObject().put("code", e.code()).put("bytes", e.length()).put("text", e.text());
        }
        return root;
    }

    private static void putOrNull(ObjectNode o, String key, OptionalDouble v) {
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
            o.put(key, v.getAsDouble());
        } else {
            o.putNull(key);
        }
    }

    /** The text {@code info} prints for a NIfTI image. */
    static void print(NiftiImage img, PrintWriter out) {
        NiftiHeader h = img.header();
        out.printf(Locale.ROOT, "%s%n", img.source());
        out.printf(Locale.ROOT, "  format     %s, %s%s, %s-endian%n", img.format(),
                img.isSingleFile() ? "single file" : "header/image pair", img.isCompressed() ? ", gzip" : "",
                h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
        out.printf(Locale.ROOT, "  shape      %s %s%n", Arrays.toString(img.shape()), h.datatype().numpyName());
        out.printf(Locale.ROOT, "  zooms      %s (%s, %s)%n", Arrays.toString(h.zooms()), h.spatialUnit(),
                h.timeUnit());
        h.repetitionTimeSeconds().ifPresent(tr -> out.printf(Locale.ROOT, "  TR         %s s%n",
                RecordingSummary.number(tr)));
        out.printf(Locale.ROOT, "  scaling    %s%n", h.slope().isPresent()
                ? "value = stored × " + h.sclSlope() + " + " + h.sclInter() : "none");
        String source = h.sformCode() != 0 ? "sform, code " + h.sformCode()
                : h.qformCode() != 0 ? "qform, code " + h.qformCode() : "no orientation codes: nibabel's fall-back";
        out.printf(Locale.ROOT, "  affine     (%s)%n", source);
        for (double[] row : img.affine()) {
            out.printf(Locale.ROOT, "             %12.6f %12.6f %12.6f %12.6f%n", row[0], row[1], row[2], row[3]);
        }
        if (!h.descrip().isEmpty()) {
            out.printf(Locale.ROOT, "  descrip    %s%n", h.descrip());
        }
        for (NiftiExtension e : h.extensions()) {
            out.printf(Locale.ROOT, "  extension  code %d, %d bytes%n", e.code(), e.length());
        }
    }

    /**
     * Writes every voxel, scaled, as a float64 array of the image's shape in Fortran order (first axis fastest,
     * as in the file), so that {@code numpy.load} gives what nibabel's {@code get_fdata()} gives.
     */
    static String writeVoxels(NiftiImage img, Path out, PrintWriter err) {
        Progress progress = Progress.onTerminal(err, "writing " + out, img.voxelCount());
        try {
            new NpyWriter().writeFortranOrder(out, img.shape(), (first, dst, count) -> {
                img.read(first, dst, 0, count);
                progress.advance(count);
            });
        } finally {
            progress.finish();
        }
        return "wrote " + out + ": " + shape(img.shape()) + " float64 (Fortran order)";
    }

    /** Writes the parcel means under {@code atlas} as a (parcels, time) float64 array. */
    static String writeParcels(NiftiImage img, Path atlas, Path out) {
        try (NiftiImage labels = NiftiReader.open(atlas)) {
            Recording r = Parcellation.parcelMeans(img, labels, Map.of());
            int rows = r.channels().size();
            long times = rows == 0 ? 0 : r.channels().get(0).sampleCount();
            new NpyWriter().write(out, rows, times, (row, column, dst, count) -> r.read(row, column, dst, 0, count));
            return String.format(Locale.ROOT, "wrote %s: %d parcel%s × %d volumes at %s Hz (%s)", out, rows,
                    rows == 1 ? "" : "s", times, rows == 0 ? "-" : RecordingSummary.number(r.channels().get(0)
                            .samplingRate()), r.header().get("atlas_resampled"));
        }
    }

    private static String shape(long[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : ", ").append(s[i]);
        }
        return b.append(s.length == 1 ? ",)" : ")").toString();
    }
}
