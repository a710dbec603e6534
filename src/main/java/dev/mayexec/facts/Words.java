package dev.mayexec.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The words of a {@link Word} enum, made once per enum: every request names a few of them. */
record Words(List<String> ids, Map<String, Object> byId) {
    private static final ClassValue<Words> OF = new ClassValue<>() {
        @Override
        protected Words computeValue(Class<?> type) {
            List<String> ids = Arrays.stream(type.getEnumConstants()).map(c -> word(((Enum<?>) c).name())).toList();
            return new Words(ids, Arrays.stream(type.getEnumConstants()).collect(Collectors.toUnmodifiableMap(
                    c -> word(((Enum<?>) c).name()), Function.identity())));
        }
    };

    static Words of(Class<?> type) {
        return OF.get(type);
    }

    static String id(Word w) {
        return w instanceof Enum<?> e ? of(e.getDeclaringClass()).ids().get(e.ordinal()) : word(w.name());
    }

    private static String word(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
