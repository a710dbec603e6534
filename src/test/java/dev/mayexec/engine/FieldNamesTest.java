package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.policy.Attribute;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names of the query's fields are the record's components; every other place that names a field
 * (the attributes of the policy language, the compiler's list of fields read, the projection) must
 * name one of them, or a condition would test a field the engine never sets, and the projection
 * keep or clear the wrong one (a wrong cache hit).
 */
class FieldNamesTest {
    private static final Set<String> COMPONENTS = Arrays.stream(Query.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    @Test
    void everyAttribute_namesAQueryField() {
        for (Attribute a : Attribute.values()) {
            assertTrue(COMPONENTS.contains(a.field()), a + " names `" + a.field() + "`, which the query has not");
        }
        assertTrue(COMPONENTS.containsAll(Query.ALWAYS_READ), Query.ALWAYS_READ.toString());
    }

    @Test
    void everyPathAttribute_canBeAnchored() throws Exception {
        Query full = full();
        for (Attribute a : Attribute.values()) {
            if (a.type() != dev.mayexec.policy.ValueType.PATH) continue;
            Object value = Query.class.getMethod(a.field()).invoke(full);
            assertEquals(value, RuleEngine.pathField(full, a.field()), a + ": the engine anchors rules on its directories");
        }
    }

    @Test
    void theProjection_keepsExactlyTheFieldsRead() throws Exception {
        Query full = full();
        for (RecordComponent c : Query.class.getRecordComponents()) {
            String name = c.getName();
            if (Query.ALWAYS_READ.contains(name) || name.startsWith("anchor")) continue;
            Query projected = new FactProjection(Set.of(name)).project(full);
            for (RecordComponent other : Query.class.getRecordComponents()) {
                Object value = other.getAccessor().invoke(projected);
                if (other.getName().equals(name) || Query.ALWAYS_READ.contains(other.getName())) {
                    assertEquals(other.getAccessor().invoke(full), value, "reading " + name + " keeps " + other.getName());
                } else if (!other.getName().equals("kernel")) { // the base rules may read it (securebits): below
                    assertNull(value, "reading only " + name + " clears " + other.getName());
                }
            }
        }
    }

    @Test
    void theKernelVerdict_isKept_whereTheBaseRulesReadIt() throws Exception {
        Query full = full(); // a file channel under exec-restrict-file
        assertNotNull(new FactProjection(Set.of()).project(full).kernel());
        Query noObligation = new Query("file", true, false, false, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, Verdict.ALLOWED, null, null, null, null);
        assertNull(new FactProjection(Set.of()).project(noObligation).kernel());
    }

    /** A query with every field set. */
    private static Query full() throws Exception {
        List<Object> values = List.of("file", true, true, true, 1, 2, Set.of(3), "u", "s", "/e", "i", "/p", Set.of("c"),
                true, "l", true, 4, "/f", "regular", 5, 6, 0755, "/", "ext4", false, false, false, false, "ab", true,
                "allow", new FileId(1L, 2L, 3L, 4L, 5L), Verdict.ALLOWED, Verdict.ALLOWED, Verdict.ALLOWED, "path", "/");
        RecordComponent[] cs = Query.class.getRecordComponents();
        assertEquals(cs.length, values.size(), "a value for each component");
        return (Query) Query.class.getDeclaredConstructor(Arrays.stream(cs).map(RecordComponent::getType)
                .toArray(Class<?>[]::new)).newInstance(values.toArray());
    }
}
