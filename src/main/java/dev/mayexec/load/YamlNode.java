package dev.mayexec.load;

import dev.mayexec.diag.SourceSpan;
import java.util.List;
import java.util.Map;

/** A YAML document as a tree in which every node keeps its place in the file. */
sealed interface YamlNode {

    SourceSpan span();

    /** Returns the YAML kind for "expected a list, found a map" messages. */
    String kind();

    /** A mapping; keys keep their order and their own places. */
    record MapNode(Map<String, Entry> entries, SourceSpan span) implements YamlNode {
        @Override
        public String kind() {
            return "a map";
        }
    }

    record Entry(String key, SourceSpan keySpan, YamlNode value) {}

    record SeqNode(List<YamlNode> items, SourceSpan span) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar with its text as written and its YAML type. */
    record Scalar(String text, ScalarType type, SourceSpan span) implements YamlNode {
        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "the string `" + text + "`";
                case INT, FLOAT -> "the number `" + text + "`";
                case BOOL -> "`" + text + "`";
                case NULL -> "nothing";
            };
        }
    }

    enum ScalarType {
        STRING,
        INT,
        FLOAT,
        BOOL,
        NULL
    }
}
