package org.neurofusion.datasets.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.store.StoreHeader.ChannelSet;
import org.neurofusion.datasets.store.StoreHeader.ModalityFile;

/**
 * Streams windows into a (temporary) store folder: samples go straight to one file per modality through a small
 * direct buffer, one fixed-size record per window to the index, and only the tables of distinct recordings and
 * channel lists stay in memory. {@link #finish} writes the header last. Not thread-safe.
 */
final class StoreWriter implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final Map<Modality, DataOut> data = new EnumMap<>(Modality.class);
    private final FileChannel index;
    private final CRC32 indexCrc = new CRC32();
    private final ByteBuffer record = ByteBuffer.allocate(StoreFiles.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer indexBuffer = ByteBuffer.allocate(StoreFiles.RECORD_BYTES * 4096);
    private final Map<RecordingKey, Integer> recordings = new HashMap<>();
    private final List<RecordingKey> recordingList = new ArrayList<>();
    private final Map<ChannelSet, Integer> channelSets = new HashMap<>();
    private final List<ChannelSet> channelSetList = new ArrayList<>();
    // Windows cut from one recording usually share the very same list objects: an identity check spares hashing.
    private final Map<Modality, List<Channel>> lastChannels = new EnumMap<>(Modality.class);
    private final Map<Modality, List<String>> lastNames = new EnumMap<>(Modality.class);
    private final Map<Modality, Integer> lastSet = new EnumMap<>(Modality.class);
    private long windows;
    private long bytes;

    /** One modality's data file being written. */
    private static final class DataOut {
        final FileChannel channel;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        long position;

        DataOut(FileChannel channel) {
            this.channel = channel;
        }

        void write(float[] values) throws IOException {
            int done = 0;
            while (done < values.length) {
                int n = Math.min(values.length - done, buffer.remaining() / Float.BYTES);
                buffer.asFloatBuffer().put(values, done, n);
                buffer.position(buffer.position() + n * Float.BYTES);
                done += n;
                if (buffer.remaining() < Float.BYTES) {
                    flush();
                }
            }
            position += (long) values.length * Float.BYTES;
        }

        void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    StoreWriter(Path dir) throws IOException {
        this.dir = dir;
        this.index = FileChannel.open(dir.resolve(StoreFiles.INDEX), StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW);
    }

    long windows() {
        return windows;
    }

    /** Sample bytes written so far, all modalities together. */
    long bytes() {
        return bytes;
    }

    void add(PairedWindow w) throws IOException {
        record.clear();
        record.putInt(StoreFiles.OFF_RECORDING, recordingIndex(w.key()));
        record.putInt(StoreFiles.OFF_FLAGS, w.label().isPresent() ? StoreFiles.FLAG_LABELLED : 0);
        record.putInt(StoreFiles.OFF_LABEL, w.label().orElse(0));
        record.putDouble(StoreFiles.OFF_ONSET, w.onset());
        for (Modality m : Modality.values()) {
            int slot = StoreFiles.slot(m);
            SignalBlock b = w.blocks().get(m);
            if (b == null) {
                record.putLong(slot + StoreFiles.SLOT_OFFSET, -1L);
                continue;
            }
            DataOut out = data.get(m);
            if (out == null) {
                out = new DataOut(FileChannel.open(dir.resolve(StoreFiles.dataFile(m)), StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE_NEW));
                data.put(m, out);
            }
            record.putLong(slot + StoreFiles.SLOT_OFFSET, out.position);
            record.putInt(slot + StoreFiles.SLOT_CHANNELS, b.channelCount());
            record.putInt(slot + StoreFiles.SLOT_SAMPLES, b.sampleCount());
            record.putInt(slot + StoreFiles.SLOT_CHANNEL_SET, channelSetIndex(m, b.channelNames(),
                    w.channels().get(m)));
            record.putDouble(slot + StoreFiles.SLOT_RATE, b.samplingRate());
            record.putLong(slot + StoreFiles.SLOT_FIRST_SAMPLE, b.firstSample());
            Extent x = w.extents().get(m);
            record.putDouble(slot + StoreFiles.SLOT_START, x.start());
            record.putDouble(slot + StoreFiles.SLOT_LENGTH, x.length());
            out.write(b.data());
            bytes += (long) b.data().length * Float.BYTES;
        }
        indexCrc.update(record.array(), 0, StoreFiles.RECORD_BYTES);
        indexBuffer.put(record.array(), 0, StoreFiles.RECORD_BYTES);
        if (!indexBuffer.hasRemaining()) {
            flushIndex();
        }
        windows++;
    }

    private void flushIndex() throws IOException {
        indexBuffer.flip();
        while (indexBuffer.hasRemaining()) {
            index.write(indexBuffer);
        }
        indexBuffer.clear();
    }

    /** Flushes every file to disk and writes the header, the file whose presence marks a complete store. */
    void finish(Provenance provenance) throws IOException {
        List<ModalityFile> files = new ArrayList<>();
        for (Map.Entry<Modality, DataOut> e : data.entrySet()) {
            DataOut out = e.getValue();
            out.flush();
            // On disk before the header exists, so that a crash cannot leave a header over missing samples.
            out.channel.force(false);
            files.add(new ModalityFile(e.getKey(), StoreFiles.dataFile(e.getKey()), out.position,
                    out.crc.getValue()));
        }
        flushIndex();
        index.force(false);
        StoreHeader header = new StoreHeader(provenance, windows,
                indexCrc.getValue(), files, recordingList, channelSetList);
        byte[] json = header.toJson();
        AtomicFiles.write(dir.resolve(StoreFiles.HEADER), os -> os.write(json));
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        List<FileChannel> channels = new ArrayList<>();
        channels.add(index);
        data.values().forEach(d -> channels.add(d.channel));
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private int recordingIndex(RecordingKey k) {
        return recordings.computeIfAbsent(k, x -> {
            recordingList.add(x);
            return recordingList.size() - 1;
        });
    }

    private int channelSetIndex(Modality m, List<String> names, List<Channel> channels) {
        if (lastChannels.get(m) == channels && lastNames.get(m) == names) {
            return lastSet.get(m);
        }
        int i = channelSets.computeIfAbsent(new ChannelSet(names, channels), s -> {
            channelSetList.add(s);
            return channelSetList.size() - 1;
        });
        lastChannels.put(m, channels);
        lastNames.put(m, names);
        lastSet.put(m, i);
        return i;
    }

}
