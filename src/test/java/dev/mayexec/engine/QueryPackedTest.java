package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cache keys on {@link Query#packed}: two queries must pack alike exactly when they are equal,
 * or a cached answer would be another question's. Every field counts (a field added to the query and
 * not to its packed form fails here), sets count as sets, and strings as their chars.
 */
class QueryPackedTest {
    private static final RecordComponent[] FIELDS = Query.class.getRecordComponents();

    /** A value of the component's type, {@code which} picking one of two that differ. */
    private static Object sample(RecordComponent c, int which) {
        Class<?> t = c.getType();
        if (t == boolean.class || t == Boolean.class) return which == 1;
        if (t == Integer.class) return which == 0 ? 1000 : -7;
        if (t == String.class) return which == 0 ? "/home/alice/x.py" : "/home/alice/x.p\uD800";
        if (t == Set.class && c.getGenericType().getTypeName().contains("Integer")) {
            return which == 0 ? Set.of(27, 1000) : Set.of(1000);
        }
        if (t == Set.class) return which == 0 ? Set.of("b", "a") : Set.of("a");
        if (t == FileId.class) return which == 0 ? new FileId(2049L, 77L, 100L, 1L, 1L) : new FileId(2049L, 77L, 100L, 1L, null);
        if (t == Verdict.class) return which == 0 ? Verdict.ALLOWED : Verdict.deny("kernel.noexec-mount", "noexec");
        throw new AssertionError("no sample for " + c);
    }

    private static Query query(Object[] values) throws ReflectiveOperationException {
        Constructor<Query> make = Query.class.getDeclaredConstructor(
                Arrays.stream(FIELDS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return make.newInstance(values);
    }

    private static Object[] base() {
        return Arrays.stream(FIELDS).map(c -> sample(c, 0)).toArray();
    }

    @Test
    void everyField_changesThePackedForm() throws ReflectiveOperationException {
        byte[] base = query(base()).packed();
        List<String> unchanged = new ArrayList<>();
        for (int i = 0; i < FIELDS.length; i++) {
            for (boolean toNull : new boolean[] {false, true}) {
                if (toNull && FIELDS[i].getType().isPrimitive()) continue;
                Object[] values = base();
                values[i] = toNull ? null : sample(FIELDS[i], 1);
                if (Arrays.equals(base, query(values).packed())) unchanged.add(FIELDS[i].getName() + (toNull ? " (null)" : ""));
            }
        }
        assertArrayEquals(new String[0], unchanged.toArray(), "fields whose change the packed form misses");
    }

    @Test
    void equalQueries_packAlike_whateverTheirSetsOrder() throws ReflectiveOperationException {
        Object[] values = base();
        Object[] same = base();
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].getType() == Set.class) {
                List<Object> members = new ArrayList<>((Set<?>) values[i]);
                same[i] = new LinkedHashSet<>(members);
                values[i] = new LinkedHashSet<>(members.reversed());
            } else if (values[i] instanceof String s) {
                same[i] = new String(s.toCharArray()); // another object, the same chars
            }
        }
        assertArrayEquals(query(values).packed(), query(same).packed());
    }

    @Test
    void stringsAreTheirChars_eachWithItsOwnForm() throws ReflectiveOperationException {
        int path = Arrays.asList(FIELDS).indexOf(Arrays.stream(FIELDS).filter(c -> c.getName().equals("path")).findFirst()
                .orElseThrow());
        List<byte[]> packed = new ArrayList<>();
        for (String s : List.of("/a?", "/a\uD800", "/a\uDC00", "/a\u00E9", "/ae\u0301", "/a\u0000")) {
            Object[] values = base();
            values[path] = s;
            packed.add(query(values).packed());
        }
        for (int i = 0; i < packed.size(); i++) {
            for (int j = i + 1; j < packed.size(); j++) {
                assertFalse(Arrays.equals(packed.get(i), packed.get(j)), i + " and " + j + " pack alike");
            }
        }
    }
}
