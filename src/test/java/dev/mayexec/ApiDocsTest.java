package dev.mayexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported packages (read from the module descriptor) are documented: javadoc's doclint finds
 * no broken HTML or reference in them, and no public class, method, constructor, field or constant
 * without a comment.
 */
class ApiDocsTest {
    @TempDir
    Path tmp;

    static List<String> exported() throws Exception {
        List<String> packages = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/main/module/module-info.java"))) {
            String l = line.strip();
            if (l.startsWith("exports ")) packages.add(l.substring("exports ".length(), l.length() - 1).strip());
        }
        return packages;
    }

    private String javadoc(String doclint) throws Exception {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-quiet", "-Xmaxwarns", "10000", "-Xmaxerrs", "10000",
                "-Xdoclint:" + doclint, "-d", tmp.resolve(doclint.replace(',', '_')).toString(),
                "-cp", System.getProperty("java.class.path"), "-sourcepath", "src/main/java"));
        args.addAll(exported());
        int code = tool.run(null, out, out, args.toArray(String[]::new));
        assertEquals(0, code, out.toString());
        return out.toString();
    }

    @Test
    void theExportedPackages_areTheApi() throws Exception {
        assertEquals(List.of("dev.mayexec", "dev.mayexec.facts", "dev.mayexec.diag", "dev.mayexec.json"), exported());
    }

    @Test
    void nothingExported_lacksAComment() throws Exception {
        List<String> missing = javadoc("missing").lines().filter(l -> l.contains("warning: no comment")).toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void theApiDocs_haveNoBrokenHtmlOrReference() throws Exception {
        String found = javadoc("all,-missing");
        assertTrue(found.lines().noneMatch(l -> l.contains("warning:") || l.contains("error:")), found);
    }
}
