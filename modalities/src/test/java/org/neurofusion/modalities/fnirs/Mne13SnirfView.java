package org.neurofusion.modalities.fnirs;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;

/**
 * A SNIRF recording of ours as MNE-Python 1.3 presents the same file, so it can be compared with the oracle
 * in {@code expected/}. MNE 1.3 differs from the file, and from us, in documented ways:
 * <ul>
 *   <li>it reads only the optical data block (auxiliary series are ignored): aux channels are dropped;</li>
 *   <li>it derives the rate from sample spacings rounded to 0.1 ms ({@code np.around(np.diff(time), 4)}),
 *       so 10.1725 Hz NIRSport2 data become 1/0.0983 Hz: our exact rate is rounded the same way;</li>
 *   <li>it gives every stimulus a duration of 1 s, cut at the end of the data (n / sfreq);</li>
 *   <li>it dates files with an unreadable date ("unknown") 2000-01-01 00:00:00.</li>
 * </ul>
 * Channels keep their indices (aux channels follow the data channels), so reads pass straight through.
 */
final class Mne13SnirfView extends ForwardingRecording {
    private final List<Channel> channels;
    private final List<Annotation> annotations;
    private final Optional<LocalDateTime> start;

    Mne13SnirfView(Recording r) {
        super(r);
        List<Channel> cs = new ArrayList<>();
        for (Channel c : r.channels()) {
            if (c.attributes().containsKey("aux")) {
                continue;
            }
            double period = Math.round(1e4 / c.samplingRate()) / 1e4;
            cs.add(new Channel(c.name(), c.type(), c.unit(), 1 / period, c.sampleCount(), c.position(),
                    c.attributes()));
        }
        this.channels = List.copyOf(cs);
        double end = cs.isEmpty() ? 0 : cs.get(0).sampleCount() / cs.get(0).samplingRate();
        List<Annotation> as = new ArrayList<>();
        for (Annotation a : r.annotations()) {
            as.add(new Annotation(a.onset(), Math.max(0, Math.min(1.0, end - a.onset())), a.description()));
        }
        this.annotations = List.copyOf(as);
        this.start = Optional.of(r.start().orElse(LocalDateTime.of(2000, 1, 1, 0, 0)));
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public List<Annotation> annotations() {
        return annotations;
    }

    @Override
    public Optional<LocalDateTime> start() {
        return start;
    }
}
