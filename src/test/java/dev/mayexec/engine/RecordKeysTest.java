package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The records that are cache keys have hand-written {@code equals}/{@code hashCode} (for speed), and
 * {@link Query} a hand-written packed key: a component forgotten in any of them would make two
 * different questions share one cached answer. Each component is changed in turn, and each of those
 * must notice; so must the facts' builders, which must carry every component.
 */
class RecordKeysTest {

    @ParameterizedTest
    @ValueSource(classes = {Query.class, FileId.class, Verdict.class, Request.class, ProcessInfo.class,
        FileInfo.class, MountInfo.class})
    void everyComponent_changesEqualsAndHashCode(Class<?> type) throws ReflectiveOperationException {
        Object base = instance(type, 0);
        assertEquals(base, instance(type, 0), "equal components, equal records");
        assertEquals(base.hashCode(), instance(type, 0).hashCode());
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            for (Object other : new Object[] {sample(components[i].getGenericType(), 1), null}) {
                if (other == null && components[i].getType().isPrimitive()) continue;
                Object changed;
                try {
                    changed = with(type, base, i, other);
                } catch (java.lang.reflect.InvocationTargetException refused) {
                    if (other == null) continue; // a component that may not be unknown (Request.argv's emptiness)
                    throw refused;
                }
                String what = type.getSimpleName() + "." + components[i].getName() + " = " + other;
                assertNotEquals(base, changed, what + ": equals does not notice");
                assertNotEquals(changed, base, what + ": equals does not notice (reversed)");
                assertNotEquals(base.hashCode(), changed.hashCode(), what + ": hashCode does not notice");
            }
        }
    }

    /** The anchor is left out: the engine anchors copies of a query; the query cached (and packed) has none. */
    @org.junit.jupiter.api.Test
    void everyComponentButTheAnchor_changesThePackedKey() throws ReflectiveOperationException {
        Query base = (Query) with(Query.class, with(Query.class, instance(Query.class, 0),
                index(Query.class, "anchorField"), null), index(Query.class, "anchor"), null);
        RecordComponent[] components = Query.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            if (name.equals("anchorField") || name.equals("anchor")) continue;
            for (Object other : new Object[] {sample(components[i].getGenericType(), 1), null}) {
                if (other == null && components[i].getType().isPrimitive()) continue;
                Query changed = (Query) with(Query.class, base, i, other);
                assertFalse(Arrays.equals(packed(base), packed(changed)), "Query." + name + " = " + other
                        + ": the packed cache key does not notice");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {ProcessInfo.class, FileInfo.class})
    void theBuilders_carryEveryComponent(Class<?> type) throws ReflectiveOperationException {
        for (int variant = 0; variant < 2; variant++) {
            Object facts = instance(type, variant);
            Object builder = type.getMethod("builder").invoke(null);
            for (RecordComponent c : type.getRecordComponents()) {
                builder.getClass().getMethod(c.getName(), c.getType()).invoke(builder, c.getAccessor().invoke(facts));
            }
            assertEquals(facts, builder.getClass().getMethod("build").invoke(builder), "built from each setter");
            Object copy = type.getMethod("toBuilder").invoke(facts);
            assertEquals(facts, copy.getClass().getMethod("build").invoke(copy), "toBuilder().build()");
        }
    }

    private static byte[] packed(Query q) {
        return q.packed();
    }

    private static int index(Class<?> type, String component) {
        RecordComponent[] cs = type.getRecordComponents();
        for (int i = 0; i < cs.length; i++) if (cs[i].getName().equals(component)) return i;
        throw new AssertionError("no component " + component);
    }

    /** A record whose every component is sample {@code variant} of its type. */
    private static Object instance(Class<?> type, int variant) throws ReflectiveOperationException {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) args[i] = sample(cs[i].getGenericType(), variant);
        return canonical(type).newInstance(args);
    }

    private static Object with(Class<?> type, Object record, int index, Object value) throws ReflectiveOperationException {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) args[i] = i == index ? value : cs[i].getAccessor().invoke(record);
        return canonical(type).newInstance(args);
    }

    private static Constructor<?> canonical(Class<?> type) throws NoSuchMethodException {
        return type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new));
    }

    /** Two different values of each type a key record holds (0 and 1). */
    private static Object sample(Type t, int v) {
        try {
            if (t instanceof ParameterizedType p) {
                Type arg = p.getActualTypeArguments()[0];
                Class<?> raw = (Class<?>) p.getRawType();
                if (raw == List.class) return List.of(sample(arg, v));
                if (raw == Set.class) return Set.of(sample(arg, v));
                if (raw == Map.class) return Map.of("K" + v, "V" + v);
            }
            Class<?> c = (Class<?>) t;
            if (c == Integer.class || c == int.class) return 7 + v;
            if (c == Long.class || c == long.class) return 7L + v;
            if (c == Boolean.class || c == boolean.class) return v == 0;
            if (c == String.class) return "s" + v;
            if (c.isEnum()) return c.getEnumConstants()[v];
            if (c.isRecord()) return instance(c, v);
            throw new AssertionError("no sample for " + c);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no sample for " + t, e);
        }
    }
}
