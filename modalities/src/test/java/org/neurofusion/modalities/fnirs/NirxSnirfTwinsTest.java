package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;

/** Recordings present both as a NIRx folder and as SNIRF read as the same data through both readers. */
class NirxSnirfTwinsTest {

    @ParameterizedTest
    @CsvSource({
        "fnirs/mne_testing_data/NIRx/nirscout/nirx_15_2_recording_w_short,"
            + "fnirs/mne_testing_data/SNIRF_SfNIRS_snirf_homer3_1.0.3/snirf_1_3_nirx_15_2_recording_w_short.snirf",
        "fnirs/mne_testing_data/NIRx/nirscout/nirx_15_3_recording,"
            + "fnirs/mne_testing_data/SNIRF_MNE-NIRS_20220217/20220217_nirx_15_3_recording.snirf"})
    void sameChannelsValuesAndEvents(String nirx, String snirf) {
        try (Recording a = Recordings.open(SharedData.require(nirx));
                Recording b = Recordings.open(SharedData.require(snirf))) {
            // SNIRF keeps the file's order (wavelength by wavelength) and adds aux series; NIRx pairs the
            // wavelengths: compare by name.
            List<String> optical = b.channels().stream().filter(ch -> OpticalChannel.of(ch).isPresent())
                    .map(Channel::name).sorted().toList();
            assertEquals(a.channels().stream().map(Channel::name).sorted().toList(), optical);
            for (int c = 0; c < a.channels().size(); c++) {
                int cb = b.channelIndex(a.channels().get(c).name());
                assertEquals(a.channels().get(c).samplingRate(), b.channels().get(cb).samplingRate(), 1e-6);
                double[] x = a.readAll(c);
                double[] y = b.readAll(cb);
                assertEquals(x.length, y.length, a.channels().get(c).name());
                for (int t = 0; t < x.length; t++) {
                    // SNIRF stores the NIRx text values as doubles or floats: equal to float precision.
                    assertEquals(x[t], y[t], 1e-6 * Math.abs(x[t]) + 1e-12, a.channels().get(c).name() + " " + t);
                }
            }
            List<Double> onsetsA = a.annotations().stream().map(Annotation::onset).toList();
            List<Double> onsetsB = b.annotations().stream().map(Annotation::onset).toList();
            assertEquals(onsetsA.size(), onsetsB.size());
            for (int i = 0; i < onsetsA.size(); i++) {
                assertEquals(onsetsA.get(i), onsetsB.get(i), 1e-3);
            }
        }
    }
}
