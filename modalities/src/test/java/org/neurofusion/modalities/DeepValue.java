package org.neurofusion.modalities;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A hash of a parsed value by content, so that the fuzz rules can check that a second parse or read of the same
 * input gives the same values: records component by component, arrays, collections and maps element by element in
 * iteration order, numbers by their bits (NaN equals NaN, 0.0 differs from -0.0), strings, enums and paths by text.
 * Any other type is refused with an {@link AssertionError} naming it, so a target cannot compare by identity unawares.
 */
public final class DeepValue {
    private DeepValue() {
    }

    /** The content hash of {@code value} (null included). */
    public static long hash(Object value) {
        return hash(17, value);
    }

    private static long hash(long h, Object v) {
        long m = h * 31;
        if (v == null) {
            return m + 1;
        }
        if (v instanceof Double || v instanceof Float) {
            return m + Double.doubleToLongBits(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return m + n.longValue();
        }
        if (v instanceof Boolean || v instanceof Character || v instanceof String || v instanceof Enum<?>
                || v instanceof Path || v instanceof TemporalAccessor || v instanceof JsonNode) {
            return m + v.getClass().getName().hashCode() * 7L + v.toString().hashCode();
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            long out = m + n;
            for (int i = 0; i < n; i++) {
                out = hash(out, Array.get(v, i));
            }
            return out;
        }
        if (v instanceof Iterable<?> it) {
            long out = m + 3;
            for (Object e : it) {
                out = hash(out, e);
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            long out = m + 5;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out = hash(hash(out, e.getKey()), e.getValue());
            }
            return out;
        }
        if (v instanceof Optional<?> o) {
            return hash(m + 11, o.orElse(null));
        }
        if (v instanceof OptionalInt o) {
            return hash(m + 13, o.isPresent() ? o.getAsInt() : null);
        }
        if (v instanceof OptionalLong o) {
            return hash(m + 13, o.isPresent() ? o.getAsLong() : null);
        }
        if (v instanceof OptionalDouble o) {
            return hash(m + 13, o.isPresent() ? o.getAsDouble() : null);
        }
        if (v instanceof Record) {
            long out = m + v.getClass().getName().hashCode();
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    out = hash(out, c.getAccessor().invoke(v));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new AssertionError("cannot read component " + c.getName() + " of " + v.getClass(), e);
                }
            }
            return out;
        }
        throw new AssertionError("DeepValue compares no " + v.getClass().getName() + ": give the target a record,"
                + " a collection or a text form of it");
    }
}
