package org.neurofusion.datasets.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.datasets.ModalityWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;

/**
 * One window store holding the windows of several, e.g. real EEG and a simulated cohort to pre-train on together. The
 * stores must cut every modality they share alike (length, offset, rate and pipeline), and no recording may be in
 * two of them. The merged store records the first store's windowing spec and every store's key, so it is reused while
 * none of them changes; windows are copied one at a time, in store order.
 */
public final class StoreMerge {
    /** The provenance entry that lists the merged stores' keys. */
    public static final String MERGED = "merged_stores";

    private StoreMerge() {
    }

    /**
     * Builds (or reuses) the merge of {@code stores} in {@code dir}.
     *
     * @throws IllegalArgumentException when fewer than two stores are given, when two cut a shared modality
     *     differently (naming both and the modality), or when a recording is in two stores
     */
    public static WindowStore merge(Path dir, List<WindowStore> stores) {
        if (stores.size() < 2) {
            throw new IllegalArgumentException("a merge needs at least two window stores, got " + stores.size());
        }
        List<WindowingSpec> specs = new ArrayList<>();
        for (WindowStore s : stores) {
            String json = s.provenance().configuration().get(WindowStore.WINDOWING_SPEC);
            if (json == null) {
                throw new IllegalArgumentException(s.directory() + " records no windowing spec; only stores cut from"
                        + " a dataset by a spec can be merged");
            }
            specs.add(WindowingSpec.fromJson(json));
        }
        for (int i = 1; i < specs.size(); i++) {
            for (Map.Entry<Modality, ModalityWindow> e : specs.get(i).modalities().entrySet()) {
                ModalityWindow first = specs.get(0).modalities().get(e.getKey());
                if (first != null && !same(first, e.getValue())) {
                    throw new IllegalArgumentException(stores.get(i).directory() + " cuts " + e.getKey() + " as "
                            + describe(e.getValue()) + ", " + stores.get(0).directory() + " as " + describe(first)
                            + "; merged windows of one modality must be cut alike");
                }
            }
        }
        Set<RecordingKey> seen = new HashSet<>();
        for (WindowStore s : stores) {
            Set<RecordingKey> own = new HashSet<>();
            for (int i = 0; i < s.size(); i++) {
                own.add(s.info(i).key());
            }
            for (RecordingKey k : own) {
                if (!seen.add(k)) {
                    throw new IllegalArgumentException("recording " + k + " is in " + s.directory() + " and in an"
                            + " earlier store; a merge must not hold a window twice");
                }
            }
        }
        Provenance.Builder p = Provenance.builder()
                .addConfiguration(WindowStore.WINDOWING_SPEC, specs.get(0).toJson());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            p.addInputChecksum("store " + (i + 1), stores.get(i).provenance().key());
            keys.add(stores.get(i).provenance().key());
        }
        p.addConfiguration(MERGED, String.join(",", keys));
        return WindowStore.openOrBuild(dir, p.build(), () -> new Iterator<>() {
            private int store;
            private int index;

            @Override
            public boolean hasNext() {
                while (store < stores.size() && index >= stores.get(store).size()) {
                    store++;
                    index = 0;
                }
                return store < stores.size();
            }

            @Override
            public org.neurofusion.datasets.PairedWindow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return stores.get(store).window(index++);
            }
        });
    }

    private static boolean same(ModalityWindow a, ModalityWindow b) {
        return a.length() == b.length() && a.offset() == b.offset()
                && (Double.compare(a.rate(), b.rate()) == 0) && a.pipeline().toJson().equals(b.pipeline().toJson());
    }

    private static String describe(ModalityWindow w) {
        return w.length() + " s from " + w.offset() + " s at " + (Double.isNaN(w.rate()) ? "the native rate"
                : w.rate() + " Hz") + " through " + w.pipeline().toJson();
    }
}
