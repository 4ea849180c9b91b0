package org.neurofusion.datasets.store;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for a window store on disk: its header {@code store.json} and its index {@code windows.bin}, each
 * replacing the file of a small valid store ({@link TestWindows#awkward}'s first 8 windows: shapes that vary, special
 * float values, an unlabelled window, one without fNIRS, row names that differ from the channel names). The store is
 * opened, every window read (info, channels, shape, block) twice and compared, and the data files verified. Since
 * the header keeps the index's CRC-32, the index target writes the mutated index's CRC into the header, so that
 * mutations reach the record checks instead of stopping at the checksum. Only typed errors naming a file may escape.
 */
class StoreFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, byte[]> VALID = store();

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "store.dict")
    void fuzzHeader(byte[] json) {
        Map<String, byte[]> files = new LinkedHashMap<>(VALID);
        files.put(StoreFiles.HEADER, json);
        check(files, StoreFiles.HEADER);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzIndex(byte[] index) {
        Map<String, byte[]> files = new LinkedHashMap<>(VALID);
        files.put(StoreFiles.INDEX, index);
        files.put(StoreFiles.HEADER, withIndexCrc(VALID.get(StoreFiles.HEADER), index));
        check(files, StoreFiles.INDEX);
    }

    static void check(Map<String, byte[]> files, String main) {
        FuzzRules.files(files, main, FuzzRules.READER_REFUSALS, dir -> {
            List<Object> first = read(dir);
            FuzzRules.sameTwice(main, first, read(dir));
        });
    }

    /** Opens the store and reads every window; the data files' checksums verified last. */
    private static List<Object> read(Path dir) {
        List<Object> out = new ArrayList<>();
        try (WindowStore s = FuzzRules.timed("open", () -> WindowStore.open(dir))) {
            out.add(s.provenance());
            out.add(s.modalities());
            out.add(s.dataBytes());
            out.add(s.windowingSpec());
            for (int i = 0; i < s.size(); i++) {
                int w = i;
                out.add(FuzzRules.timed("info", () -> s.info(w)));
                out.add(FuzzRules.timed("window", () -> s.window(w)));
                for (Modality m : s.modalities()) {
                    if (s.has(w, m)) {
                        out.add(s.shape(w, m));
                        out.add(s.channels(w, m));
                    }
                }
            }
            out.add(FuzzRules.outcome(FuzzRules.READER_REFUSALS, () -> {
                FuzzRules.timed("verify", () -> {
                    s.verify();
                    return null;
                });
                return "verified";
            }));
        }
        return out;
    }

    /** The header with {@code indexCrc32} set to the CRC-32 of the index bytes it covers (when they are there). */
    private static byte[] withIndexCrc(byte[] header, byte[] index) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(header);
            long covered = root.get("windowCount").asLong() * StoreFiles.RECORD_BYTES;
            if (covered <= index.length) {
                CRC32 crc = new CRC32();
                crc.update(index, 0, (int) covered);
                root.put("indexCrc32", crc.getValue());
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The valid store's files by name, built once by {@link WindowStore#build}. */
    private static Map<String, byte[]> store() {
        return FuzzRules.writtenFiles(dir -> WindowStore.build(dir, "fuzz seed",
                TestWindows.awkward(18).subList(0, 8).iterator()).close());
    }

    /** The valid store's header and index. */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        FuzzRules.writeSeed(StoreFuzzTest.class, "fuzzHeader", "seed-eight-windows", VALID.get(StoreFiles.HEADER));
        FuzzRules.writeSeed(StoreFuzzTest.class, "fuzzIndex", "seed-eight-windows", VALID.get(StoreFiles.INDEX));
    }
}
