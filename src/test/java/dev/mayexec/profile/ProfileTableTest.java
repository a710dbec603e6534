package dev.mayexec.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.load.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Each shipped profile against invocations taken from its interpreter's manual page, one table per
 * interpreter in {@code src/test/resources/profiles/NAME.table}. A row is
 *
 * <pre>[stdin=tty NAME=VALUE …] INVOCATION =&gt; EXPECTED</pre>
 *
 * where the bracket (optional) sets standard input ({@code tty}, {@code pipe}, {@code file}) and the
 * environment, the invocation is split as a shell would, and {@code EXPECTED} lists the requests
 * as {@code channel [path or name]}, separated by {@code ;}, or {@code (nothing)}, or
 * {@code ! code} for an invocation that cannot be classified. The working directory is {@code /w};
 * no file exists, so commands are found by their names, and no {@code #!} line is read.
 */
class ProfileTableTest {
    static final Path TABLES = Path.of("src", "test", "resources", "profiles");
    private static final Profiles SHIPPED = Profiles.of(List.of(), new PolicyLoader(new Diagnostics()).shipped());
    private static final int MIN_ROWS = 15;

    /** One row of a table, with its line for messages. */
    record Row(String table, int line, Boolean stdinTty, Map<String, String> env, List<String> argv, String expected) {
        @Override
        public String toString() {
            return table + ":" + line + " " + String.join(" ", argv);
        }
    }

    static List<Row> rows(String name) {
        Path file = TABLES.resolve(name + ".table");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("no table for profile " + name, e);
        }
        List<Row> out = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int arrow = line.lastIndexOf(" => ");
            if (arrow < 0) throw new IllegalArgumentException(file + ":" + n + ": no ` => ` in `" + line + "`");
            String invocation = line.substring(0, arrow).strip();
            Boolean tty = null;
            Map<String, String> env = new LinkedHashMap<>();
            if (invocation.startsWith("[")) {
                int close = invocation.indexOf(']');
                for (String setting : Words.split(invocation.substring(1, close))) {
                    String key = setting.substring(0, setting.indexOf('='));
                    String value = setting.substring(setting.indexOf('=') + 1);
                    if (key.equals("stdin")) tty = value.equals("tty");
                    else env.put(key, value);
                }
                invocation = invocation.substring(close + 1).strip();
            }
            out.add(new Row(name, n, tty, env, Words.split(invocation), line.substring(arrow + 4).strip()));
        }
        return out;
    }

    static String render(Classification c) {
        return switch (c) {
            case Classification.Refused r -> "! " + r.code();
            case Classification.Parts p -> p.parts().isEmpty() ? "(nothing)" : p.parts().stream()
                    .map(x -> x.channel().id() + (x.path() != null ? " " + x.path() : x.name() != null ? " " + x.name() : ""))
                    .collect(Collectors.joining("; "));
        };
    }

    private static void check(Row row) {
        Invocation inv = new Invocation(row.argv(), row.env(), "/w", row.stdinTty(), null, null, null);
        Classification c = new Classifier(SHIPPED, Disk.none()).classify(inv);
        String why = c instanceof Classification.Refused r ? " (" + r.message() + ")" : "";
        assertEquals(row.expected(), render(c), row + why);
        if (c instanceof Classification.Parts p && p.profile() != null) {
            assertEquals(row.table(), p.profile(), row + ": classified with the wrong profile");
        }
    }

    /** The rows of {@code NAME.table}, as the arguments of a parameterized test. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ArgumentsSource(TableRows.class)
    @interface Table {
        String value();
    }

    static final class TableRows extends AnnotationBasedArgumentsProvider<Table> {
        @Override
        protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context,
                Table table) {
            return rows(table.value()).stream().map(Arguments::of);
        }
    }

    @Test
    void everyShippedProfile_hasATableOfAtLeast15Invocations() {
        for (String name : SHIPPED.names()) {
            assertTrue(Files.exists(TABLES.resolve(name + ".table")), "shipped profile " + name + " has no table");
            assertTrue(rows(name).size() >= MIN_ROWS, name + ".table has " + rows(name).size() + " rows");
        }
        assertEquals(12, SHIPPED.names().size(), SHIPPED.names().toString());
    }

    @ParameterizedTest(name = "{0}")
    @Table("python3")
    void python3(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("perl")
    void perl(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("bash")
    void bash(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("sh")
    void sh(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("busybox")
    void busybox(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("ruby")
    void ruby(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("node")
    void node(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("php")
    void php(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("lua")
    void lua(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("tclsh")
    void tclsh(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("awk")
    void awk(Row row) {
        check(row);
    }

    @ParameterizedTest(name = "{0}")
    @Table("jshell")
    void jshell(Row row) {
        check(row);
    }
}
