package org.neurofusion.datasets;

import java.util.Objects;

/**
 * What identifies one recording run across modalities: BIDS's subject, session, task and run entities
 * (session and run empty when the dataset has none). Modalities of one key are paired.
 */
public record RecordingKey(String subject, String session, String task, String run) {
    public RecordingKey {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(run, "run");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a recording needs a subject");
        }
    }

    /** BIDS-style label, e.g. {@code sub-01_ses-1_task-mi_run-2}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("sub-").append(subject);
        if (!session.isEmpty()) {
            b.append("_ses-").append(session);
        }
        if (!task.isEmpty()) {
            b.append("_task-").append(task);
        }
        if (!run.isEmpty()) {
            b.append("_run-").append(run);
        }
        return b.toString();
    }
}
