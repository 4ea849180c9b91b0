package org.neurofusion.evaluation;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * Wraps a classifier and records what the harness asked of it: every fit's {@link WindowClassifier.Fold}, and the
 * subjects of every window scored.
 */
final class CountingClassifier implements WindowClassifier {
    /** What a set of these classifiers saw, shared between the fresh instances a condition makes. */
    static final class Log {
        final List<Fold> fits = new CopyOnWriteArrayList<>();
        final Set<String> scoredSubjects = ConcurrentHashMap.newKeySet();
    }

    private final WindowClassifier inner;
    private final Log log;

    CountingClassifier(WindowClassifier inner, Log log) {
        this.inner = inner;
        this.log = log;
    }

    @Override
    public List<Modality> modalities() {
        return inner.modalities();
    }

    @Override
    public void check(PairedWindow w) {
        inner.check(w);
    }

    @Override
    public Trained fit(List<PairedWindow> train) {
        throw new AssertionError("the harness fits through fit(train, fold)");
    }

    @Override
    public Trained fit(List<PairedWindow> train, Fold fold) {
        log.fits.add(fold);
        Trained t = inner.fit(train, fold);
        return new Trained() {
            @Override
            public int[] classes() {
                return t.classes();
            }

            @Override
            public double[][] scores(List<PairedWindow> windows) {
                windows.forEach(w -> log.scoredSubjects.add(w.key().subject()));
                return t.scores(windows);
            }
        };
    }
}
