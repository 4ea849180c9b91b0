package org.neurofusion.datasets.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.io.NpyWriter;

/**
 * The BOLD ground truth of one run beside the other truth files: the parcels' simulated percent signal change
 * (parcels × volumes, {@code .npy}) and a JSON sidecar naming the rows (in atlas label order) and the TR.
 */
final class BoldTruth {
    private BoldTruth() {
    }

    static void write(Path dir, String prefix, SimulatedBold bold) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot create: " + e.getMessage(), e);
        }
        double[][] p = bold.percentChange();
        new NpyWriter().write(dir.resolve(prefix + ".npy"), p.length, bold.volumes(),
                (row, column, dst, count) -> System.arraycopy(p[row], (int) column, dst, 0, count));
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = json.createObjectNode();
        meta.put("description", "Simulated BOLD percent signal change per atlas parcel (SIMULATED run), without drift"
                + " or thermal noise; volume j at j*TR on the EEG clock");
        meta.put("repetition_time_s", bold.tr());
        meta.put("unit", "percent");
        var rows = meta.putArray("rows");
        for (int i = 0; i < bold.parcels().size(); i++) {
            rows.add((i + 1) + " " + bold.parcels().get(i));
        }
        AtomicFiles.write(dir.resolve(prefix + ".json"), os -> os.write(json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(meta).getBytes(StandardCharsets.UTF_8)));
    }
}
