package org.neurofusion.alignment.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a trainer needs to continue bit-identically: the model's parameters and the optimizer's state (each
 * name → array) and the loop's {@link TrainingState}. Written and read by {@link RunDirectory}. A loaded
 * checkpoint's arrays live in the manager given to {@link RunDirectory#latest}; the caller closes them with it.
 * DJL does not check shapes when parameters are set, so read arrays through {@link #parameter(String, Shape)} and
 * {@link #optimizerArray(String, Shape)}, which do.
 */
public final class Checkpoint {
    /** Group name of the model's parameters inside a checkpoint file (and in error messages). */
    public static final String PARAMETERS = "parameters";
    /** Group name of the optimizer's state. */
    public static final String OPTIMIZER = "optimizer";

    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> optimizerState;
    private final TrainingState state;
    private final Path file;

    private Checkpoint(Map<String, NDArray> parameters, Map<String, NDArray> optimizerState, TrainingState state,
            Path file) {
        this.parameters = copy(parameters, PARAMETERS);
        this.optimizerState = copy(optimizerState, OPTIMIZER);
        this.state = Objects.requireNonNull(state, "state");
        this.file = file;
    }

    /**
     * A checkpoint to save. The arrays are read when it is saved, not copied now.
     *
     * @param parameters     parameter name → value (names as the model's {@code ParameterList} gives them)
     * @param optimizerState optimizer state name → value (e.g. Adam's moments per parameter); may be empty
     */
    public static Checkpoint of(Map<String, NDArray> parameters, Map<String, NDArray> optimizerState,
            TrainingState state) {
        return new Checkpoint(parameters, optimizerState, state, null);
    }

    static Checkpoint loaded(Map<String, NDArray> parameters, Map<String, NDArray> optimizerState,
            TrainingState state, Path file) {
        return new Checkpoint(parameters, optimizerState, state, file);
    }

    /** Parameter name → array, in the order they were given. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Optimizer state name → array, in the order they were given. */
    public Map<String, NDArray> optimizerState() {
        return optimizerState;
    }

    /** Where the loop stood. */
    public TrainingState state() {
        return state;
    }

    /** The file it was read from; null for one not read from a file. */
    public Path file() {
        return file;
    }

    /**
     * The parameter {@code name}, checked against the shape the model expects.
     *
     * @throws CorruptCheckpointException naming the file and the array when it is missing or has another shape
     */
    public NDArray parameter(String name, Shape expected) {
        return checked(parameters, PARAMETERS, name, expected);
    }

    /**
     * The optimizer array {@code name}, checked against the shape the optimizer expects.
     *
     * @throws CorruptCheckpointException naming the file and the array when it is missing or has another shape
     */
    public NDArray optimizerArray(String name, Shape expected) {
        return checked(optimizerState, OPTIMIZER, name, expected);
    }

    /**
     * Checks every expected array at once, before any is used, so that a model is never half restored.
     *
     * @throws CorruptCheckpointException naming the file and the first array missing or of another shape
     */
    public void requireShapes(Map<String, Shape> parameterShapes, Map<String, Shape> optimizerShapes) {
        parameterShapes.forEach((name, shape) -> checked(parameters, PARAMETERS, name, shape));
        optimizerShapes.forEach((name, shape) -> checked(optimizerState, OPTIMIZER, name, shape));
    }

    private NDArray checked(Map<String, NDArray> group, String groupName, String name, Shape expected) {
        NDArray a = group.get(name);
        if (a == null) {
            throw new CorruptCheckpointException(file, -1, groupName + "/" + name, "missing; the checkpoint holds "
                    + group.size() + " " + groupName + " arrays: " + String.join(", ", group.keySet()));
        }
        if (!a.getShape().equals(expected)) {
            throw new CorruptCheckpointException(file, -1, groupName + "/" + name, "has shape " + a.getShape()
                    + " but " + expected + " is expected (a checkpoint of another model configuration?)");
        }
        return a;
    }

    private static Map<String, NDArray> copy(Map<String, NDArray> arrays, String group) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(group + " array names must not be blank");
            }
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > CheckpointFile.MAX_NAME_BYTES) {
                throw new IllegalArgumentException(group + " array name is longer than "
                        + CheckpointFile.MAX_NAME_BYTES + " bytes: " + name.substring(0, 40) + "...");
            }
            if (a == null) {
                throw new IllegalArgumentException(group + " array '" + name + "' is null");
            }
            out.put(name, a);
        });
        return Collections.unmodifiableMap(out);
    }
}
