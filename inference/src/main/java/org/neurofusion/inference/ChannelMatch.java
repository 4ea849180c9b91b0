package org.neurofusion.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.montage.StandardMontage;

/**
 * How a recording's channels stand in for a contract's training channels: by name first (case-insensitive); then,
 * for EEG, by standard 10-05 site under another spelling ({@code Fc5.} for {@code FC5}, {@code T3} for {@code T7},
 * through {@link StandardMontage}); then, for a training channel still unmatched, the nearest unused recording
 * channel of the same type within the contract's position tolerance. The encoder reads sensor positions, not indices, so a reordered cap or a subset of
 * it decodes; the decoder uses each recording channel's own position where it has one, the training position where
 * it has none.
 *
 * @param recordingIndices for each used channel, its index in the recording
 * @param channels for each used channel, what the encoder reads (name, type, position)
 * @param bySite training channel names matched as the same 10-05 site spelt otherwise, as
 *     {@code training ← recording}
 * @param byPosition training channel names matched by position, as {@code training ← recording}
 * @param missing training channels with no stand-in
 * @param ignored recording channels of the modality that stand in for none
 */
public record ChannelMatch(int[] recordingIndices, List<Channel> channels, List<String> bySite,
        List<String> byPosition, List<String> missing, List<String> ignored) {
    public ChannelMatch {
        recordingIndices = recordingIndices.clone();
        channels = List.copyOf(channels);
        bySite = List.copyOf(bySite);
        byPosition = List.copyOf(byPosition);
        missing = List.copyOf(missing);
        ignored = List.copyOf(ignored);
    }

    @Override
    public int[] recordingIndices() {
        return recordingIndices.clone();
    }

    /**
     * Matches {@code recording} (every channel of a recording; other modalities are skipped) to {@code contract}.
     *
     * @throws IncompatibleInputException when more training channels are missing than the contract allows (naming
     *     them), or a matched channel's unit is not the contract's
     */
    public static ChannelMatch of(InputContract contract, List<Channel> recording, String source) {
        Modality m = Modality.parse(contract.modality());
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < recording.size(); i++) {
            if (recording.get(i).type().modality() == m) {
                candidates.add(i);
            }
        }
        List<InputContract.ContractChannel> train = contract.channels();
        int[] chosen = new int[train.size()];
        java.util.Arrays.fill(chosen, -1);
        boolean[] used = new boolean[recording.size()];
        for (int k = 0; k < train.size(); k++) {
            String want = train.get(k).name().toLowerCase(Locale.ROOT);
            for (int i : candidates) {
                if (!used[i] && recording.get(i).name().toLowerCase(Locale.ROOT).equals(want)) {
                    chosen[k] = i;
                    used[i] = true;
                    break;
                }
            }
        }
        List<String> bySite = new ArrayList<>();
        if (m == Modality.EEG) {
            StandardMontage std = StandardMontage.of(StandardMontage.STANDARD_1005);
            for (int k = 0; k < train.size(); k++) {
                // one site: the montage places both labels at the same point (T3 and T7 are one electrode)
                Optional<SensorPosition> site = std.position(train.get(k).name());
                if (chosen[k] >= 0 || site.isEmpty()) {
                    continue;
                }
                for (int i : candidates) {
                    Optional<SensorPosition> here = std.position(recording.get(i).name());
                    if (!used[i] && here.isPresent() && here.get().distanceTo(site.get()) < 1e-9) {
                        chosen[k] = i;
                        used[i] = true;
                        bySite.add(train.get(k).name() + " ← " + recording.get(i).name());
                        break;
                    }
                }
            }
        }
        List<String> byPosition = new ArrayList<>();
        for (int k = 0; k < train.size(); k++) {
            double[] p = train.get(k).position();
            if (chosen[k] >= 0 || p == null) {
                continue;
            }
            ChannelType type = ChannelType.fromMneName(train.get(k).type());
            double best = contract.positionToleranceMetres();
            int at = -1;
            for (int i : candidates) {
                Optional<SensorPosition> q = recording.get(i).position();
                if (used[i] || q.isEmpty() || recording.get(i).type() != type) {
                    continue;
                }
                double d = Math.sqrt(sq(q.get().x() - p[0]) + sq(q.get().y() - p[1]) + sq(q.get().z() - p[2]));
                if (d <= best) {
                    best = d;
                    at = i;
                }
            }
            if (at >= 0) {
                chosen[k] = at;
                used[at] = true;
                byPosition.add(train.get(k).name() + " ← " + recording.get(at).name());
            }
        }
        List<String> missing = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (int k = 0; k < train.size(); k++) {
            if (chosen[k] < 0) {
                missing.add(train.get(k).name());
                continue;
            }
            Channel c = recording.get(chosen[k]);
            if (!c.unit().equals(contract.unit())) {
                throw new IncompatibleInputException(source + ": channel '" + c.name() + "' is in " + c.unit()
                        + " but the model reads " + contract.unit());
            }
            idx.add(chosen[k]);
            // a recording without positions (a bare EDF) reads the training sensor: position and optode attributes
            Channel trained = train.get(k).toChannel(c.samplingRate());
            channels.add(c.position().isPresent() || trained.position().isEmpty() ? c
                    : new Channel(c.name(), c.type(), c.unit(), c.samplingRate(), c.sampleCount(), trained.position(),
                            merged(c.attributes(), trained.attributes())));
        }
        if (missing.size() > contract.maxMissing()) {
            throw new IncompatibleInputException(source + ": " + missing.size() + " of the model's "
                    + train.size() + " " + contract.modality() + " channels have no stand-in (at most "
                    + contract.maxMissing() + " may be missing), neither by name nor within "
                    + contract.positionToleranceMetres() + " m: " + missing);
        }
        List<String> ignored = new ArrayList<>();
        for (int i : candidates) {
            if (!used[i]) {
                ignored.add(recording.get(i).name());
            }
        }
        return new ChannelMatch(idx.stream().mapToInt(Integer::intValue).toArray(), channels, bySite, byPosition,
                Collections.unmodifiableList(missing), ignored);
    }

    private static java.util.Map<String, String> merged(java.util.Map<String, String> own,
            java.util.Map<String, String> trained) {
        java.util.Map<String, String> m = new java.util.HashMap<>(own);
        trained.forEach(m::putIfAbsent);
        return m;
    }

    private static double sq(double x) {
        return x * x;
    }
}
