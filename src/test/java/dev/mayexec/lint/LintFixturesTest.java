package dev.mayexec.lint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every lint fixture, and the rules that fixtures follow (three or more per check, positive and negative). */
class LintFixturesTest {

    @TestFactory
    Stream<DynamicTest> everyFixture() throws IOException {
        return LintChecks.ALL.stream().flatMap(c -> {
            try {
                return LintFixtures.of(c.id()).stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).map(f -> DynamicTest.dynamicTest(f.toString(), () -> LintFixtures.check(f)));
    }

    @Test
    void everyCheck_hasThreeFixtures_somePositive_someNegative() throws IOException {
        for (LintCheck c : LintChecks.ALL) {
            List<LintFixtures.Fixture> fs = LintFixtures.of(c.id());
            assertTrue(fs.size() >= 3, c.id() + " has " + fs.size() + " fixtures");
            long positive = 0;
            for (LintFixtures.Fixture f : fs) {
                if (LintFixtures.expected(f).stream().anyMatch(e -> e.endsWith(" mx.lint." + c.id()))) positive++;
            }
            assertTrue(positive >= 1, c.id() + " has no fixture where it reports");
            assertTrue(positive < fs.size(), c.id() + " has no fixture where it stays silent");
        }
    }

    @Test
    void everyDirectory_isACheckOrTheHost() throws IOException {
        List<String> ids = LintChecks.ALL.stream().map(LintCheck::id).toList();
        try (Stream<Path> s = Files.list(LintFixtures.ROOT)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                assertTrue(ids.contains(name) || name.equals("host"), "compiler-tests/lint/" + name + " names no check");
            }
        }
    }
}
