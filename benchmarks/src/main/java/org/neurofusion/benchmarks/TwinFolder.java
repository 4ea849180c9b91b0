package org.neurofusion.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neurofusion.models.SensorTokenEncoder;
import org.neurofusion.models.SyntheticBatch;
import org.neurofusion.alignment.InfoNceLoss;
import org.neurofusion.alignment.ProjectionSpec;
import org.neurofusion.alignment.train.AdamW;
import org.neurofusion.alignment.train.AlignmentModel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.modalities.io.NpyReader;
import org.neurofusion.modalities.io.NpyWriter;

/**
 * The folder through which the PyTorch twin ({@code tools/reference/alignment_twin.py}, also packed in this jar)
 * receives an {@link AlignmentModel} and a batch: {@code config.json} (encoder and head specs, sensor layout, loss,
 * optimiser and clipping settings, dtype), {@code arrays.json} (every array's name and shape) and one float64
 * {@code .npy} per array (first axis by the rest). The twin writes its results back the same way under {@code out/}.
 */
public final class TwinFolder {
    /**
     * The Python that has Debian's python3-torch (the pyenv python on PATH has no torch); the system property
     * {@code neurofusion.twin.python} names another.
     */
    public static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private TwinFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * What the twin needs to take the same step: the optimiser, learning rate and clipping, and whether dropout is on
     * (it is not in the golden check, where the specs have dropout 0 and both sides are deterministic).
     */
    public record StepSettings(AdamW.Settings adamW, double learningRate, float clipNorm, boolean training) {
    }

    /**
     * Writes the model's parameters (as they are now) under their {@link AlignmentModel} names, the batch (per
     * modality: data, sensors, mask) and the settings into {@code dir}.
     *
     * @throws UncheckedIOException naming the folder when it cannot be written
     */
    public static TwinFolder write(Path dir, AlignmentModel model, Map<String, SyntheticBatch> batch,
            StepSettings step, DataType type) {
        try {
            Files.createDirectories(dir);
            ObjectNode config = JSON.createObjectNode();
            config.put("dtype", type == DataType.FLOAT64 ? "float64" : "float32");
            config.put("training", step.training());
            config.set("model", model.specsJson());
            config.putArray("modalities").addAll(model.modalities().stream().map(config::textNode).toList());
            // the heads as AlignmentModel builds them; a different choice there shows as a shape the twin refuses
            ObjectNode heads = config.putObject("heads");
            for (String m : model.modalities()) {
                int e = model.encoder(m).spec().embeddingSize();
                heads.set(m, read(ProjectionSpec.of(e, e, model.latentDim()).toJson()));
            }
            ObjectNode layout = config.putObject("sensor_layout");
            layout.put("position", SensorFeatures.POSITION);
            layout.put("has_position", SensorFeatures.HAS_POSITION);
            layout.put("orientation", SensorFeatures.ORIENTATION);
            layout.put("source", SensorFeatures.SOURCE);
            layout.put("detector", SensorFeatures.DETECTOR);
            layout.put("wavelength", SensorFeatures.WAVELENGTH);
            layout.put("type", SensorFeatures.TYPE);
            layout.put("type_codes", SensorFeatures.TYPE_CODES);
            // has-position, orientation (3), optode offset (3), separation, wavelength
            layout.put("extra_features", SensorTokenEncoder.EXTRA_FEATURES);
            // the codes by channel-type name: the twin keeps its own table of each type's unit by name
            ObjectNode codes = layout.putObject("code_of");
            for (ChannelType t : ChannelType.values()) {
                codes.put(t.name(), SensorFeatures.typeCode(t));
            }
            config.put("max_scale", InfoNceLoss.DEFAULT_MAX_SCALE);
            config.put("clip_norm", step.clipNorm());
            config.put("lr", step.learningRate());
            ObjectNode adam = config.putObject("adamw");
            adam.put("beta1", step.adamW().beta1());
            adam.put("beta2", step.adamW().beta2());
            adam.put("epsilon", step.adamW().epsilon());
            adam.put("weight_decay", step.adamW().weightDecay());
            Files.writeString(dir.resolve("config.json"), config.toPrettyString());

            Map<String, long[]> shapes = new LinkedHashMap<>();
            model.parameters().forEach((name, a) -> shapes.put(name, write(dir, name, a)));
            try (NDManager m = NDManager.newBaseManager()) {
                batch.forEach((mod, b) -> {
                    List<String> parts = List.of("data", "sensors", "mask");
                    NDList arrays = b.toNDList(m, DataType.FLOAT64);
                    for (int i = 0; i < 3; i++) {
                        String name = "batch." + mod + "." + parts.get(i);
                        shapes.put(name, write(dir, name, arrays.get(i)));
                    }
                });
            }
            Files.writeString(dir.resolve("arrays.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(shapes));
            return new TwinFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the twin's folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file an array is written to: its name with the model's '/' as '~' (a name, not a folder). */
    static String fileName(String array) {
        return array.replace('/', '~') + ".npy";
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** The Python that runs the twin: {@link #PYTHON} unless {@code neurofusion.twin.python} names another. */
    public static String python() {
        return System.getProperty("neurofusion.twin.python", PYTHON);
    }

    /** Why the twin cannot run here (its Python missing, or it cannot import torch), or null. */
    public static String unavailable() {
        String python = python();
        if (!Files.isExecutable(Path.of(python))) {
            return python + " is missing (Debian's python3 with python3-torch runs the PyTorch twin)";
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " did not import torch within 120 s";
            }
            if (p.exitValue() != 0) {
                String last = said.isEmpty() ? "" : said.substring(said.lastIndexOf('\n') + 1);
                return python + " cannot import torch and numpy (apt-get install python3-torch): " + last;
            }
            return null;
        } catch (IOException e) {
            return python + " could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + python;
        }
    }

    /**
     * Runs the twin on this folder with {@code args} after the mode and folder, with {@code threads} OpenMP threads,
     * and returns its standard output.
     *
     * @throws IllegalStateException with the twin's output when it fails or takes longer than {@code timeout}
     */
    public String runTwin(String mode, int threads, long timeoutSeconds, String... args) {
        try {
            Path script = dir.resolve("alignment_twin.py");
            try (InputStream in = TwinFolder.class.getResourceAsStream("alignment_twin.py")) {
                if (in == null) {
                    throw new IllegalStateException("alignment_twin.py is not in the benchmarks jar");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(python(), script.toString(), mode, dir.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("twin.err").toFile());
            String n = Integer.toString(threads);
            pb.environment().put("OMP_NUM_THREADS", n);
            pb.environment().put("MKL_NUM_THREADS", n);
            pb.environment().put("OPENBLAS_NUM_THREADS", n);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the PyTorch twin (" + mode + ") took longer than " + timeoutSeconds
                        + " s on " + dir);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the PyTorch twin (" + mode + ") failed on " + dir + " with exit "
                        + p.exitValue() + ":\n" + Files.readString(dir.resolve("twin.err")));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the PyTorch twin on " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the PyTorch twin ran", e);
        }
    }

    /** An array the twin wrote to {@code out/<name>.npy}, flattened. */
    public double[] output(String name) {
        Path file = dir.resolve("out").resolve(fileName(name));
        try (NpyReader r = NpyReader.open(file)) {
            double[] all = new double[Math.toIntExact(r.rows() * r.columns())];
            for (int i = 0; i < r.rows(); i++) {
                r.read(i, 0, all, (int) (i * r.columns()), (int) r.columns());
            }
            return all;
        }
    }

    private static long[] write(Path dir, String name, NDArray a) {
        double[] v;
        try (NDArray copy = a.toType(DataType.FLOAT64, true)) {
            v = copy.toDoubleArray();
        }
        long[] shape = a.getShape().getShape();
        int rows = shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
        long columns = rows == 0 ? 0 : v.length / rows;
        new NpyWriter().write(dir.resolve(fileName(name)), rows, columns,
                (row, first, dst, count) -> System.arraycopy(v, (int) (row * columns + first), dst, 0, count));
        return shape;
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
