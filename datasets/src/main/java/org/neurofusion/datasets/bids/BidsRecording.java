package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * A data file of a BIDS dataset seen through its metadata: samples come from the file (read lazily by its
 * reader), channel types and positions from {@code _channels.tsv} and {@code _electrodes.tsv} /
 * {@code _optodes.tsv} where the file lacks them, events from {@code _events.tsv} when there is one, and the
 * channels marked bad are listed in {@link #badChannels()}. Everything else, both reads included (the data
 * file's own float32 read serves windows), is the data file's. Closing it closes the data file.
 */
public final class BidsRecording extends ForwardingRecording {
    private final BidsFile file;
    private final List<Channel> channels;
    private final List<Annotation> annotations;
    private final List<BidsChannel> channelTable;
    private final Set<String> bad;
    private final Map<String, Object> sidecar;

    BidsRecording(BidsFile file, Recording data, List<Channel> channels, List<Annotation> annotations,
            List<BidsChannel> channelTable, Set<String> bad, Map<String, Object> sidecar) {
        super(data);
        this.file = file;
        this.channels = List.copyOf(channels);
        this.annotations = List.copyOf(annotations);
        this.channelTable = List.copyOf(channelTable);
        this.bad = Set.copyOf(bad);
        this.sidecar = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sidecar));
    }

    /** The BIDS file this recording was opened from. */
    public BidsFile bidsFile() {
        return file;
    }

    /** Names of the channels {@code _channels.tsv} marks {@code bad}. */
    public Set<String> badChannels() {
        return bad;
    }

    /** The rows of {@code _channels.tsv}, empty when there is none. */
    public List<BidsChannel> channelTable() {
        return channelTable;
    }

    /** The sidecar JSON after inheritance, as plain Java values (maps, lists, strings, numbers). */
    public Map<String, Object> sidecar() {
        return sidecar;
    }

    @Override
    public Optional<Path> source() {
        return Optional.of(file.path());
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public List<Annotation> annotations() {
        return annotations;
    }
}
