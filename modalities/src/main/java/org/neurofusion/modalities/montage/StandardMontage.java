package org.neurofusion.modalities.montage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;

/**
 * A standard electrode montage: the published 10-05 or 10-20 positions (Oostenveld &amp; Praamstra 2001, as
 * MNE-Python 1.3.0 ships and places them), in metres in MNE's head frame, looked up by channel label. It gives
 * positions to recordings whose files carry none (most EDF files), so the montage-agnostic encoders can read
 * them.
 *
 * <p>Labels are matched without case and with trailing dots removed ({@code Fc5.} is FC5, {@code Iz..} is Iz,
 * the eegmmidb spelling); when a label is not in the montage its other 10-20 name is tried (T3/T7, T4/T8,
 * T5/P7, T6/P8). Labels it cannot place are returned, never dropped. The derivation of the tables is in their
 * header and in {@code tools/reference/montage_reference.py}.
 */
public final class StandardMontage {
    /** The 10-05 system: 343 electrodes, the 10-10 and 10-20 names among them. */
    public static final String STANDARD_1005 = "standard_1005";
    /** The 10-20 system as MNE ships it: 94 electrodes. */
    public static final String STANDARD_1020 = "standard_1020";

    private static final Map<String, StandardMontage> LOADED = new ConcurrentHashMap<>();
    /** The old and new names of the four temporal and parietal 10-20 sites that were renamed. */
    private static final Map<String, String> ALIASES = Map.of("T3", "T7", "T7", "T3", "T4", "T8", "T8", "T4",
            "T5", "P7", "P7", "T5", "T6", "P8", "P8", "T6");

    private final String name;
    private final MontageTable table;
    private final Map<String, String> byKey = new HashMap<>();

    private StandardMontage(String name, MontageTable table) {
        this.name = name;
        this.table = table;
        table.electrodes().keySet().forEach(n -> byKey.put(key(n), n));
    }

    /** The montage called {@code name}: {@value #STANDARD_1005} or {@value #STANDARD_1020}. */
    public static StandardMontage of(String name) {
        if (!STANDARD_1005.equals(name) && !STANDARD_1020.equals(name)) {
            throw new IllegalArgumentException("unknown standard montage '" + name + "': expected " + STANDARD_1005
                    + " or " + STANDARD_1020);
        }
        return LOADED.computeIfAbsent(name, StandardMontage::load);
    }

    /** A montage from a table of ours (see {@link MontageTable}), for caps of one's own. */
    public static StandardMontage fromTable(String name, MontageTable table) {
        return new StandardMontage(name, table);
    }

    private static StandardMontage load(String name) {
        String resource = name + ".tsv";
        try (InputStream in = StandardMontage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("montage resource " + resource + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return new StandardMontage(name, MontageTable.parse(text, "resource " + resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read montage resource " + resource, e);
        }
    }

    /** The montage's name. */
    public String name() {
        return name;
    }

    /** Every electrode's standard name, in table order. */
    public List<String> electrodeNames() {
        return List.copyOf(table.electrodes().keySet());
    }

    /** The fiducials that define the head frame: LPA, Nasion and RPA. */
    public Map<String, SensorPosition> fiducials() {
        return table.fiducials();
    }

    /** The standard name a label stands for ({@code Fc5.} gives FC5), if the montage has it. */
    public Optional<String> standardName(String label) {
        String key = key(label);
        String hit = byKey.get(key);
        if (hit == null && ALIASES.containsKey(key)) {
            hit = byKey.get(ALIASES.get(key));
        }
        return Optional.ofNullable(hit);
    }

    /** Where the electrode a label stands for sits, if the montage has it. */
    public Optional<SensorPosition> position(String label) {
        return standardName(label).map(table.electrodes()::get);
    }

    /** Places every label it can; the others are listed in the result. A label given twice is placed once. */
    public MontagePlacement place(List<String> labels) {
        Map<String, MontagePlacement.Electrode> placed = new LinkedHashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (String label : labels) {
            Optional<String> n = standardName(label);
            if (n.isPresent()) {
                placed.put(label, new MontagePlacement.Electrode(n.get(), table.electrodes().get(n.get())));
            } else if (!unplaced.contains(label)) {
                unplaced.add(label);
            }
        }
        return new MontagePlacement(placed, unplaced);
    }

    /**
     * {@code in} with positions given to its EEG channels from this montage. A channel that already has a
     * position keeps it unless {@code replaceExisting}; EEG channels the montage cannot place are listed in the
     * result's {@code unplaced}; other channel types (EOG, stim...) are left alone. The samples are read from
     * {@code in}; closing the result closes it.
     */
    public Applied applyTo(Recording in, boolean replaceExisting) {
        List<String> eeg = new ArrayList<>();
        for (Channel c : in.channels()) {
            if (c.type() == ChannelType.EEG && (replaceExisting || c.position().isEmpty())) {
                eeg.add(c.name());
            }
        }
        MontagePlacement placement = place(eeg);
        List<Channel> channels = new ArrayList<>();
        for (Channel c : in.channels()) {
            MontagePlacement.Electrode e = placement.placed().get(c.name());
            // Only labels collected above are in the placement, so a kept position is never touched here.
            channels.add(e == null ? c : c.withPosition(e.position()));
        }
        List<Channel> fixed = List.copyOf(channels);
        Recording out = new ForwardingRecording(in) {
            @Override
            public List<Channel> channels() {
                return fixed;
            }
        };
        return new Applied(out, placement.unplaced());
    }

    /**
     * A recording with montage positions, and the EEG channels the montage could not place.
     *
     * @param recording the recording with positions
     * @param unplaced names of EEG channels left without a montage position
     */
    public record Applied(Recording recording, List<String> unplaced) {
        public Applied {
            unplaced = List.copyOf(unplaced);
        }
    }

    /** A label as looked up: trimmed, trailing dots removed, upper case. */
    static String key(String label) {
        String s = label.trim();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name + " (" + table.electrodes().size() + " electrodes)";
    }
}
