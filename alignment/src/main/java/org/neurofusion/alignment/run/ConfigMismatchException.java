package org.neurofusion.alignment.run;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code --resume} with a configuration (or seed) that differs from the one the run started with: continuing
 * would mix two experiments in one folder. Names every differing key as a JSON pointer.
 */
public final class ConfigMismatchException extends RunDirectoryException {
    private final transient List<String> differences;

    /**
     * @param configFile the stored {@code config.json}
     * @param differences one entry per differing key: its JSON pointer, the stored and the given value
     */
    public ConfigMismatchException(Path configFile, List<String> differences) {
        super(configFile, -1, "the run was started with another configuration; cannot resume with "
                + differences.size() + " difference(s): " + String.join("; ", differences)
                + " (resume with the stored configuration, or start a new run folder)");
        this.differences = List.copyOf(differences);
    }

    /** One entry per differing key, e.g. {@code /optimizer/lr: stored 0.001, given 0.01}. */
    public List<String> differences() {
        return differences;
    }
}
