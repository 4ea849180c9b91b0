package org.neurofusion.modalities.fnirs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.RecordingFormat;

/**
 * SNIRF for {@link org.neurofusion.modalities.Recordings}: an HDF5 file named {@code .snirf}. Other HDF5 files
 * (MATLAB v7.3, NWB) are not claimed; a {@code .snirf} file without the HDF5 signature is, so the user hears
 * why it cannot be read.
 */
public final class SnirfFormat implements RecordingFormat {
    @Override
    public String name() {
        return "SNIRF";
    }

    @Override
    public boolean recognizes(Path path, byte[] head) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!n.endsWith(".snirf")) {
            return false;
        }
        boolean hdf5 = head.length >= SnirfReader.SIGNATURE.length
                && Arrays.equals(Arrays.copyOf(head, SnirfReader.SIGNATURE.length), SnirfReader.SIGNATURE);
        return hdf5 || head.length > 0;
    }

    @Override
    public Recording open(Path path) {
        return SnirfReader.open(path);
    }
}
