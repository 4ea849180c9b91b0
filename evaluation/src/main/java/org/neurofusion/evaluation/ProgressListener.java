package org.neurofusion.evaluation;

/** Told after each fitted and scored fold, so that a command line can show progress. */
@FunctionalInterface
public interface ProgressListener {
    /** {@code done} of {@code total} fits are finished; {@code what} says which one just ended. */
    void progress(int done, int total, String what);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (done, total, what) -> { };
    }
}
