package org.neurofusion.modalities.meg;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of the measurement info that a reader exposes without applying: SSP projectors (FIFFB_PROJ) and CTF
 * compensation matrices (FIFFB_MNE_CTF_COMP_DATA, each a named matrix), read as MNE-Python reads them.
 */
final class FifExtras {
    private FifExtras() {
    }

    /** The projectors of the first FIFFB_PROJ block under {@code info}. */
    static List<FifProjector> projectors(FifFile f, FifBlock info) {
        List<FifProjector> out = new ArrayList<>();
        List<FifBlock> blocks = info.findAll(FifConstants.B_PROJ);
        if (blocks.isEmpty()) {
            return out;
        }
        FifBlock proj = blocks.get(0);
        Optional<FifTag> globalNchan = proj.tag(FifConstants.NCHAN);
        for (FifBlock item : proj.findAll(FifConstants.B_PROJ_ITEM)) {
            String where = "projector (FIFFB_PROJ_ITEM) at byte " + item.pos();
            Optional<FifTag> desc = item.tag(FifConstants.COMMENT).or(() -> item.tag(FifConstants.NAME));
            String description = desc.map(f::string).orElseThrow(() -> f.corrupt(item.pos(), where
                    + " has no description"));
            int kind = item.tag(FifConstants.PROJ_ITEM_KIND).map(f::intValue).orElseThrow(() -> f.corrupt(item.pos(),
                    where + " has no FIFF_PROJ_ITEM_KIND"));
            int nvec = item.tag(FifConstants.PROJ_ITEM_NVEC).map(f::intValue).orElseThrow(() -> f.corrupt(item.pos(),
                    where + " has no FIFF_PROJ_ITEM_NVEC"));
            List<String> names = item.tag(FifConstants.PROJ_ITEM_CH_NAME_LIST).map(t -> FifMeasInfoParser.names(
                    f.string(t))).orElseThrow(() -> f.corrupt(item.pos(), where + " has no channel list"));
            FifTag vecTag = item.tag(FifConstants.PROJ_ITEM_VECTORS).orElseThrow(() -> f.corrupt(item.pos(), where
                    + " has no FIFF_PROJ_ITEM_VECTORS"));
            double[][] data = f.matrix(vecTag);
            boolean active = item.tag(FifConstants.MNE_PROJ_ITEM_ACTIVE).map(f::intValue).orElse(0) != 0;
            // MNE accepts the matrix either way round.
            if (data.length == names.size() && data.length > 0 && data[0].length == nvec && nvec != names.size()) {
                data = transpose(data);
            }
            if (data.length != nvec || (nvec > 0 && data[0].length != names.size())) {
                throw f.corrupt(vecTag.pos(), where + ": a " + data.length + " × " + (data.length > 0 ? data[0].length
                        : 0) + " matrix for " + nvec + " vectors over " + names.size() + " channels");
            }
            item.tag(FifConstants.NCHAN).or(() -> globalNchan).map(f::intValue).ifPresent(n -> {
                if (n != names.size()) {
                    throw f.corrupt(item.pos(), where + ": FIFF_NCHAN says " + n + " channels, the list names "
                            + names.size());
                }
            });
            out.add(new FifProjector(description, kind, active, names, data));
        }
        return out;
    }

    /** Every CTF compensation matrix under {@code info}, in file order. */
    static List<FifCompensation> compensations(FifFile f, FifBlock info) {
        List<FifCompensation> out = new ArrayList<>();
        for (FifBlock node : info.findAll(FifConstants.B_MNE_CTF_COMP_DATA)) {
            String where = "CTF compensation (FIFFB_MNE_CTF_COMP_DATA) at byte " + node.pos();
            int kind = node.tag(FifConstants.MNE_CTF_COMP_KIND).map(f::intValue).orElseThrow(() -> f.corrupt(
                    node.pos(), where + " has no FIFF_MNE_CTF_COMP_KIND"));
            boolean calibrated = node.tag(FifConstants.MNE_CTF_COMP_CALIBRATED).map(f::intValue).orElse(0) != 0;
            FifBlock matrix = node;
            if (node.tag(FifConstants.MNE_CTF_COMP_DATA).isEmpty()) {
                matrix = node.children().stream().filter(c -> c.kind() == FifConstants.B_MNE_NAMED_MATRIX
                        && c.tag(FifConstants.MNE_CTF_COMP_DATA).isPresent()).findFirst().orElseThrow(() -> f.corrupt(
                        node.pos(), where + " holds no compensation matrix"));
            }
            FifTag dataTag = matrix.tag(FifConstants.MNE_CTF_COMP_DATA).orElseThrow();
            double[][] data = f.matrix(dataTag);
            int cols = data.length == 0 ? 0 : data[0].length;
            checkCount(f, matrix, FifConstants.MNE_NROW, data.length, where);
            checkCount(f, matrix, FifConstants.MNE_NCOL, cols, where);
            List<String> rows = matrix.tag(FifConstants.MNE_ROW_NAMES).map(t -> FifMeasInfoParser.names(f.string(t)))
                    .orElse(List.of());
            List<String> columns = matrix.tag(FifConstants.MNE_COL_NAMES).map(t -> FifMeasInfoParser.names(
                    f.string(t))).orElse(List.of());
            if ((!rows.isEmpty() && rows.size() != data.length) || (!columns.isEmpty() && columns.size() != cols)) {
                throw f.corrupt(dataTag.pos(), where + ": " + rows.size() + " row and " + columns.size()
                        + " column names for a " + data.length + " × " + cols + " matrix");
            }
            out.add(new FifCompensation(kind, FifCompensation.gradeOf(kind), calibrated, rows, columns, data));
        }
        return out;
    }

    private static void checkCount(FifFile f, FifBlock b, int kind, int actual, String where) {
        b.tag(kind).map(f::intValue).ifPresent(n -> {
            if (n != actual) {
                throw f.corrupt(b.tag(kind).get().pos(), where + ": " + FifConstants.tagName(kind) + " says " + n
                        + ", the matrix has " + actual);
            }
        });
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
