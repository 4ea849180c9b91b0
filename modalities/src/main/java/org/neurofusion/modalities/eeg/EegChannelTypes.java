package org.neurofusion.modalities.eeg;

import java.util.Locale;
import org.neurofusion.core.ChannelType;

/**
 * Guesses a channel's type from its label, transducer and unit, for formats that do not store types
 * (EDF, BDF). Trigger channels are named as MNE recognises them ("Status", "Trigger", any case); other
 * rules follow the conventions of clinical montages ("EOG ...", "ECG", "EMG Chin", ...).
 */
public final class EegChannelTypes {
    private EegChannelTypes() {
    }

    /** Whether the label names a trigger/status channel (case-insensitive "status" or "trigger"). */
    public static boolean isStimLabel(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        return l.equals("status") || l.equals("trigger");
    }

    /**
     * The most likely type of a channel.
     *
     * @param label the channel label as written in the file
     * @param transducer the transducer description (may be empty)
     * @param unit the physical unit as written in the file (may be empty)
     */
    public static ChannelType guess(String label, String transducer, String unit) {
        if (isStimLabel(label)) {
            return ChannelType.STIM;
        }
        String l = label.strip().toUpperCase(Locale.ROOT);
        String t = transducer.strip().toUpperCase(Locale.ROOT);
        String first = l.split("[\\s\\-_:]+", 2)[0];
        if (l.startsWith("STI ") || l.equals("STI") || l.startsWith("STI0") || first.equals("TRIG")
                || first.equals("EVENT") || first.equals("EVENTS") || t.contains("TRIGGER")) {
            return ChannelType.STIM;
        }
        if (first.contains("EOG") || first.equals("LOC") || first.equals("ROC")) {
            return ChannelType.EOG;
        }
        if (first.contains("ECG") || first.contains("EKG")) {
            return ChannelType.ECG;
        }
        if (first.contains("EMG")) {
            return ChannelType.EMG;
        }
        if (first.startsWith("RESP") || first.equals("THOR") || first.equals("ABDO") || first.equals("AIRFLOW")) {
            return ChannelType.RESP;
        }
        if (first.startsWith("TEMP")) {
            return ChannelType.TEMPERATURE;
        }
        if (first.equals("GSR") || first.equals("EDA")) {
            return ChannelType.GSR;
        }
        if (first.equals("EEG") || t.contains("ELECTRODE") || t.contains("AGAGCL")) {
            return ChannelType.EEG;
        }
        String u = unit.strip();
        if (u.equals("uV") || u.equals("µV") || u.equals("\u03bcV") || u.equals("mV") || u.equals("V")
                || u.equals("nV")) {
            return ChannelType.EEG;
        }
        return ChannelType.MISC;
    }
}
