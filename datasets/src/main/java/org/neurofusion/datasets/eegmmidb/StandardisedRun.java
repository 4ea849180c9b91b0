package org.neurofusion.datasets.eegmmidb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.montage.MontagePlacement;
import org.neurofusion.modalities.montage.StandardMontage;

/** One imported run as BIDS gets it: channels under their standard names and positions, annotations as events. */
final class StandardisedRun {
    private StandardisedRun() {
    }

    /**
     * The run with standard channel names and positions, and its annotations renamed to events; counts the
     * events and reports channels the montage cannot place.
     */
    static Recording of(Recording raw, Path file, RunTable.Row row, RunTable table,
            StandardMontage montage, Map<String, Integer> counts, List<String> omissions) {
        List<Channel> in = raw.channels();
        List<String> eeg = in.stream().filter(c -> c.type() == ChannelType.EEG).map(Channel::name).toList();
        if (eeg.isEmpty()) {
            throw new RecordingException(file, -1, "has no EEG channel (channels: " + in.stream().map(Channel::name)
                    .toList() + ")");
        }
        MontagePlacement placement = montage.place(eeg);
        Map<String, String> bySite = new LinkedHashMap<>();
        List<Channel> channels = new ArrayList<>();
        for (Channel c : in) {
            MontagePlacement.Electrode e = placement.placed().get(c.name());
            if (e == null) {
                channels.add(c);
                continue;
            }
            String other = bySite.put(e.standardName(), c.name());
            if (other != null) {
                throw new RecordingException(file, -1, "channels '" + other + "' and '" + c.name() + "' are both"
                        + " the site " + e.standardName() + " of " + montage.name() + "; one recording cannot"
                        + " hold a site twice");
            }
            channels.add(new Channel(e.standardName(), c.type(), c.unit(), c.samplingRate(), c.sampleCount(),
                    Optional.of(e.position()), c.attributes()));
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Channel c : channels) {
            if (!names.add(c.name())) {
                throw new RecordingException(file, -1, "channel '" + c.name() + "' would appear twice once the"
                        + " channels take their standard names");
            }
        }
        for (String u : placement.unplaced()) {
            omissions.add(file.getFileName() + ": channel '" + u + "' is not in " + montage.name()
                    + "; imported without a position");
        }
        List<Annotation> events = new ArrayList<>();
        List<Annotation> anns = raw.annotations();
        for (int i = 0; i < anns.size(); i++) {
            Annotation a = anns.get(i);
            String code = a.description().trim();
            String event = row.events().get(code);
            if (event == null) {
                String why = table.codes().contains(code) ? "cannot occur in run " + row.run() + " (task "
                        + row.task() + "), which maps only " + row.events().keySet()
                        : "is not an annotation code of the run table " + table.source() + " (" + table.codes() + ")";
                throw new RecordingException(file, -1, String.format(Locale.ROOT, "annotation %d ('%s' at %.3f s)"
                        + " %s", i + 1, a.description(), a.onset(), why));
            }
            counts.merge(event, 1, Integer::sum);
            events.add(new Annotation(a.onset(), a.duration(), event, a.channel()));
        }
        List<Channel> fixed = List.copyOf(channels);
        List<Annotation> fixedEvents = List.copyOf(events);
        return new ForwardingRecording(raw) {
            @Override
            public List<Channel> channels() {
                return fixed;
            }

            @Override
            public List<Annotation> annotations() {
                return fixedEvents;
            }

            @Override
            public void close() {
                // the importer closes the file it opened
            }
        };
    }

}
