package org.neurofusion.evaluation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowRef;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Runs conditions under a {@link Protocol}: every condition is fitted on every training fold and scored once on
 * its test fold. Every fold passes the {@link LeakageGuard} before anything is fitted. {@link #run} returns the
 * rows with their provenance; {@link EvaluationReport} writes them.
 */
public final class Evaluation {
    private final List<Condition> conditions;
    private final Protocol protocol;
    private final String task;
    private final long seed;
    private final ProgressListener progress;
    private final Provenance inputs;

    private Evaluation(Builder b) {
        this.conditions = List.copyOf(b.conditions.values());
        this.protocol = b.protocol;
        this.task = b.task;
        this.seed = b.seed;
        this.progress = b.progress;
        this.inputs = b.inputs;
    }

    /** A builder; at least one condition, the protocol and the task are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs on every window of a store (loaded into memory: the classical baselines need them all at once); the
     * store's provenance becomes the inputs of the result's.
     */
    public EvaluationResult run(WindowStore store) {
        return run(store.windows(), store.provenance());
    }

    /**
     * Runs every condition on every fold.
     *
     * @throws IllegalArgumentException for unlabelled windows, windows lacking what a condition reads, one
     *                                  subject under LOSO, or a training fold with a single class
     */
    public EvaluationResult run(List<PairedWindow> windows) {
        return run(windows, inputs);
    }

    private EvaluationResult run(List<PairedWindow> windows, Provenance upstream) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to evaluate");
        }
        checkInputs(windows);
        List<WindowRef> refs = windows.stream().map(Blocks::ref).toList();
        int classes = (int) windows.stream().mapToInt(w -> w.label().getAsInt()).distinct().count();
        if (classes < 2) {
            throw new IllegalArgumentException("all windows carry the same label; classification needs two classes");
        }
        List<Protocol.Fold> folds = protocol.folds(refs, seed);
        Map<String, String> modalities = new LinkedHashMap<>();
        conditions.forEach(c -> modalities.put(c.id(), c.modalities()));
        int total = folds.size() * conditions.size();
        int done = 0;
        List<ResultRow> rows = new ArrayList<>();
        for (Protocol.Fold job : folds) {
            LeakageGuard.check(refs, job.split(), protocol.gapSeconds());
            List<PairedWindow> train = Arrays.stream(job.split().train()).mapToObj(windows::get).toList();
            List<PairedWindow> test = Arrays.stream(job.split().test()).mapToObj(windows::get).toList();
            int[] truth = test.stream().mapToInt(w -> w.label().getAsInt()).toArray();
            for (Condition c : conditions) {
                String what = "sub-" + job.subject() + " fold " + job.index() + " seed " + job.seed() + " " + c.id();
                WindowClassifier.Trained model;
                WindowClassifier classifier = c.classifier();
                try {
                    model = classifier.fit(train, new WindowClassifier.Fold(c.id(), protocol.id(), job.subject(),
                            job.index(), job.seed()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
                }
                double[][] scores = model.scores(test);
                int[] predicted = WindowClassifier.argmax(scores, model.classes());
                int kShot = protocol instanceof Protocol.FewShot fs ? fs.perClass()
                        : protocol instanceof Protocol.LeaveOneSubjectOut ? 0 : -1;
                rows.add(new ResultRow(job.subject(), job.index(), job.seed(), protocol.id(), task, c.id(),
                        modalities.get(c.id()), train.size(), Metrics.of(truth, predicted, scores, model.classes()),
                        kShot, classifier.pretrained()));
                progress.progress(++done, total, what);
            }
        }
        return new EvaluationResult(rows, task, protocol, classes, seed, provenance(windows, upstream));
    }

    /** The upstream inputs, the windows' own checksum, and every setting that shaped the rows. */
    private Provenance provenance(List<PairedWindow> windows, Provenance upstream) {
        Provenance.Builder b = Provenance.builder();
        if (upstream != null) {
            upstream.inputs().forEach(b::addInputChecksum);
            upstream.configuration().forEach((k, v) -> b.addConfiguration("upstream." + k, v));
        }
        b.addInputChecksum("windows", checksum(windows));
        b.addConfiguration("task", task);
        b.addConfiguration("protocol", protocol.id() + ": " + protocol.design());
        b.addConfiguration("seed", Long.toString(seed));
        b.addConfiguration("conditions", String.join(",", conditions.stream().map(Condition::id).toList()));
        return b.build();
    }

    /** SHA-256 over each window's key, onset, label and samples, in order. */
    static String checksum(List<PairedWindow> windows) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (PairedWindow w : windows) {
            md.update((w.key() + "@" + w.onset() + "#" + w.label()).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<Modality, SignalBlock> e : w.blocks().entrySet()) {
                md.update(e.getKey().name().getBytes(StandardCharsets.US_ASCII));
                for (float v : e.getValue().data()) {
                    if (!buf.hasRemaining()) {
                        md.update(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Labels present, and everything each condition reads present, naming what is missing. */
    private void checkInputs(List<PairedWindow> windows) {
        List<String> unlabelled = new ArrayList<>();
        int count = 0;
        for (PairedWindow w : windows) {
            if (w.label().isEmpty()) {
                if (unlabelled.size() < 5) {
                    unlabelled.add(w.key() + " at " + w.onset() + " s");
                }
                count++;
            }
        }
        if (count > 0) {
            throw new IllegalArgumentException(count + " of " + windows.size() + " windows have no label (task '"
                    + task + "'), e.g. " + unlabelled);
        }
        for (Condition c : conditions) {
            WindowClassifier classifier = c.classifier();
            for (PairedWindow w : windows) {
                try {
                    classifier.check(w);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("condition " + c.id() + " needs "
                            + Condition.modalities(classifier) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Builds an {@link Evaluation}: {@code setX} and {@code addX} for required settings, {@code optX} for optional ones. */
    public static final class Builder {
        private final Map<String, Condition> conditions = new LinkedHashMap<>();
        private Protocol protocol;
        private String task;
        private long seed;
        private ProgressListener progress = ProgressListener.none();
        private Provenance inputs;

        private Builder() {
        }

        /**
         * Adds a condition: an id for the results and a factory of fresh classifiers.
         *
         * @throws IllegalArgumentException when the id is taken or malformed
         */
        public Builder addCondition(String id, Supplier<? extends WindowClassifier> factory) {
            return addCondition(new Condition(id, factory));
        }

        /** Adds a condition (from a {@link ConditionRegistry}). */
        public Builder addCondition(Condition condition) {
            if (conditions.putIfAbsent(condition.id(), condition) != null) {
                throw new IllegalArgumentException("condition '" + condition.id() + "' is added twice");
            }
            return this;
        }

        /**
         * Adds the conditions of these ids from {@code registry}, skipping repeats.
         *
         * @throws IllegalArgumentException naming the known conditions when an id is unknown
         */
        public Builder addConditions(List<String> ids, ConditionRegistry registry) {
            for (String id : ids) {
                Condition c = registry.condition(id);
                conditions.putIfAbsent(c.id(), c);
            }
            return this;
        }

        /** How folds are made. */
        public Builder setProtocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** The task label written into the results (e.g. {@code mi}). */
        public Builder setTask(String task) {
            this.task = task;
            return this;
        }

        /** The base seed (default 0); within-subject repetition r uses {@code seed + r}. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Told after each fit. */
        public Builder optProgress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Where the windows given to {@link #run(List)} came from (their files' checksums and settings). */
        public Builder optInputs(Provenance inputs) {
            this.inputs = inputs;
            return this;
        }

        /** The evaluation; fails naming the setting that is missing. */
        public Evaluation build() {
            if (conditions.isEmpty() || protocol == null || task == null || task.isBlank()) {
                throw new IllegalArgumentException("at least one condition, the protocol and the task are required");
            }
            return new Evaluation(this);
        }
    }
}
