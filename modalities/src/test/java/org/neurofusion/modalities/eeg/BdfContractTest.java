package org.neurofusion.modalities.eeg;

import java.util.List;

/** The reader contract (see {@link org.neurofusion.modalities.RecordingContract}) for BDF and BDF+. */
class BdfContractTest extends EdfFamilyContract {
    BdfContractTest() {
        super(".bdf");
    }

    @Override
    public List<String> sharedSamples() {
        return List.of("eeg/pyedflib/test_generator_datarec_generator_2.bdf",
                "eeg/mne_testing_data/test_bdf_stim_channel.bdf");
    }
}
