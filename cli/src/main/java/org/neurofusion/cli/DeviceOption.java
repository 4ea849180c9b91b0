package org.neurofusion.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine.Option;

/** {@code --device cpu|gpu|auto}: where a command's networks run. */
final class DeviceOption {
    /** The choices; picocli refuses any other value as a usage error. */
    enum Choice { cpu, gpu, auto }

    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto",
            description = "Where to run the networks: cpu, gpu (the first CUDA device; needs a CUDA libtorch of your"
                + " own, see docs/cli.md) or auto, the GPU when the engine sees one (default: ${DEFAULT-VALUE}).")
    Choice device;

    /**
     * The device, checked against what the engine sees.
     *
     * @throws IllegalArgumentException for {@code gpu} when the engine sees none
     */
    Device resolve() {
        Engine engine = Engine.getInstance();
        return switch (device) {
            case cpu -> Device.cpu();
            case gpu -> {
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException("--device gpu: the engine (libtorch " + engine.getVersion()
                            + ") sees no GPU");
                }
                yield Device.gpu();
            }
            case auto -> engine.defaultDevice();
        };
    }
}
