package org.neurofusion.datasets.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.neurofusion.datasets.simulate.SimulationConfig.Builder;

/**
 * The simulation parameters that can be set by name ({@code erdDepth=0.3}), each with its type and the builder
 * method it calls: a typed registry for command lines and configuration files, so that names and types are
 * checked here rather than found by reflection. Every numeric or boolean component of {@link SimulationConfig}
 * has a knob of its own name; {@code tasks} is set through the builder.
 */
public final class SimulationKnobs {
    /**
     * A named parameter.
     *
     * @param name   the record component it sets
     * @param type   {@code double}, {@code int}, {@code long} or {@code boolean}
     * @param setter parses a value and calls the builder
     */
    public record Knob(String name, String type, BiConsumer<Builder, String> setter) {
        /**
         * Parses {@code value} and sets it on {@code b}.
         *
         * @throws IllegalArgumentException naming the knob when the value is not of its type
         */
        public void apply(Builder b, String value) {
            try {
                setter.accept(b, value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + value + "' is not " + (type.equals("int")
                        ? "an " : "a ") + type);
            }
        }
    }

    private static final Map<String, Knob> KNOBS = new LinkedHashMap<>();

    static {
        wide("seed", Builder::optSeed);
        whole("subjects", Builder::optSubjects);
        whole("sessionsPerTask", Builder::optSessionsPerTask);
        whole("trialsPerSession", Builder::optTrialsPerSession);
        real("cueSeconds", Builder::optCueSeconds);
        real("taskSeconds", Builder::optTaskSeconds);
        real("restMinSeconds", Builder::optRestMinSeconds);
        real("restMaxSeconds", Builder::optRestMaxSeconds);
        real("preRestSeconds", Builder::optPreRestSeconds);
        real("postRestSeconds", Builder::optPostRestSeconds);
        real("restingRunSeconds", Builder::optRestingRunSeconds);
        real("eegRate", Builder::optEegRate);
        real("fnirsRate", Builder::optFnirsRate);
        real("groundTruthRate", Builder::optGroundTruthRate);
        real("headRadius", Builder::optHeadRadius);
        real("longSeparation", Builder::optLongSeparation);
        real("shortSeparation", Builder::optShortSeparation);
        flag("shortChannels", Builder::optShortChannels);
        real("lineFrequency", Builder::optLineFrequency);
        real("lineNoiseAmplitude", Builder::optLineNoiseAmplitude);
        real("sensorNoise", Builder::optSensorNoise);
        real("erdDepth", Builder::optErdDepth);
        real("gammaIncrease", Builder::optGammaIncrease);
        real("hboAmplitude", Builder::optHboAmplitude);
        real("hbrRatio", Builder::optHbrRatio);
        real("sharedFraction", Builder::optSharedFraction);
        real("slowFluctuation", Builder::optSlowFluctuation);
        real("blinksPerMinute", Builder::optBlinksPerMinute);
        real("eyeMovementsPerMinute", Builder::optEyeMovementsPerMinute);
        real("muscleBurstsPerMinute", Builder::optMuscleBurstsPerMinute);
        real("motionSpikesPerMinute", Builder::optMotionSpikesPerMinute);
        real("sourceJitter", Builder::optSourceJitter);
        real("gainSpread", Builder::optGainSpread);
        real("alphaFrequency", Builder::optAlphaFrequency);
        real("alphaFrequencySpread", Builder::optAlphaFrequencySpread);
        real("electrodeShift", Builder::optElectrodeShift);
        real("hrfPeakDelay", Builder::optHrfPeakDelay);
        real("hrfDelaySpread", Builder::optHrfDelaySpread);
        real("cardiacFrequency", Builder::optCardiacFrequency);
        real("respirationFrequency", Builder::optRespirationFrequency);
        real("mayerFrequency", Builder::optMayerFrequency);
        real("systemicLongFraction", Builder::optSystemicLongFraction);
        real("fnirsClockOffset", Builder::optFnirsClockOffset);
        real("fnirsClockDrift", Builder::optFnirsClockDrift);
        real("clockOffsetSpread", Builder::optClockOffsetSpread);
        real("clockDriftSpread", Builder::optClockDriftSpread);
        real("ppf", Builder::optPpf);
        real("stateCoupling", Builder::optStateCoupling);
        real("fmriTr", Builder::optFmriTr);
        real("fmriVoxelSize", Builder::optFmriVoxelSize);
    }

    private SimulationKnobs() {
    }

    /** Every knob's name, in the record's component order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(KNOBS.keySet());
    }

    /**
     * The knob of this name.
     *
     * @throws IllegalArgumentException naming the knobs when there is none
     */
    public static Knob knob(String name) {
        Knob k = KNOBS.get(name.trim());
        if (k == null) {
            throw new IllegalArgumentException("no simulation parameter named '" + name.trim() + "'; known: "
                    + names());
        }
        return k;
    }

    /**
     * Applies {@code NAME=VALUE} to {@code b}.
     *
     * @throws IllegalArgumentException for a malformed assignment, an unknown name or a value of the wrong type
     */
    public static void apply(Builder b, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected NAME=VALUE, got '" + assignment + "'");
        }
        knob(assignment.substring(0, eq)).apply(b, assignment.substring(eq + 1));
    }

    private static void real(String name, BiFunction<Builder, Double, Builder> setter) {
        add(name, "double", Double::parseDouble, setter);
    }

    private static void whole(String name, BiFunction<Builder, Integer, Builder> setter) {
        add(name, "int", Integer::parseInt, setter);
    }

    private static void wide(String name, BiFunction<Builder, Long, Builder> setter) {
        add(name, "long", Long::parseLong, setter);
    }

    private static void flag(String name, BiFunction<Builder, Boolean, Builder> setter) {
        add(name, "boolean", v -> {
            // Boolean.parseBoolean would read any typo as false
            String s = v.toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new NumberFormatException(v);
            }
            return s.equals("true");
        }, setter);
    }

    private static <T> void add(String name, String type, Function<String, T> parse,
            BiFunction<Builder, T, Builder> setter) {
        KNOBS.put(name, new Knob(name, type, (b, v) -> setter.apply(b, parse.apply(v))));
    }
}
