package dev.mayexec.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pattern over one word of an invocation (a profile's {@code pattern} and {@code code-pattern}):
 * a small subset of regular expressions, matched by a Pike VM in time proportional to the pattern's
 * length times the word's, never by backtracking, since the pattern comes from a policy and the word
 * from whoever asks. Threads run in priority order, so the match and its groups are those a
 * backtracking matcher prefers: {@code ?}, {@code *} and {@code +} are greedy, {@code |} tries its
 * left side first.
 *
 * <p>The subset: literal characters; {@code .}; classes {@code [abc]}, {@code [a-z]}, {@code [^=]};
 * a backslash before a punctuation character; groups {@code (…)} (numbered from 1) and
 * {@code (?:…)}; {@code |}; {@code ?}, {@code *} and {@code +}. The pattern always spans the whole
 * word, or its start for {@link #prefix}, so there are no anchors. Anything else is refused.
 */
public final class WordPattern {
    /** The longest pattern accepted, in characters. */
    public static final int MAX_LENGTH = 256;

    private final String text;
    private final List<Inst> program;
    private final int groups;

    private WordPattern(String text, List<Inst> program, int groups) {
        this.text = text;
        this.program = program;
        this.groups = groups;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException saying what is not supported, and where
     */
    public static WordPattern compile(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("it is longer than " + MAX_LENGTH + " characters");
        }
        Parser p = new Parser(text);
        Node root = p.alternation();
        if (p.pos < text.length()) throw p.error("unbalanced `)`");
        List<Inst> program = new ArrayList<>();
        program.add(new Inst.Save(0));
        root.emit(program);
        program.add(new Inst.Save(1));
        program.add(new Inst.Match());
        return new WordPattern(text, List.copyOf(program), p.groups);
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** The groups of a match: 0 is the whole, 1 the first group; {@code null} for a group that took no part. */
    public record Match(List<String> groups) {
        public String group(int i) {
            return groups.get(i);
        }
    }

    /** Matches the whole word. */
    public Optional<Match> matches(String word) {
        int[] caps = run(word, true);
        if (caps == null) return Optional.empty();
        List<String> out = new ArrayList<>();
        for (int g = 0; g <= groups; g++) {
            out.add(caps[2 * g] < 0 || caps[2 * g + 1] < 0 ? null : word.substring(caps[2 * g], caps[2 * g + 1]));
        }
        return Optional.of(new Match(out));
    }

    /** How much of the word's start the pattern matches (as {@code Matcher.lookingAt}), if it does. */
    public OptionalInt prefix(String word) {
        int[] caps = run(word, false);
        return caps == null ? OptionalInt.empty() : OptionalInt.of(caps[1]);
    }

    /* ------- the Pike VM ------- */

    private record Thread(int pc, int[] caps) {}

    /** Returns the captures of the preferred match, or null. */
    private int[] run(String word, boolean whole) {
        int[] mark = new int[program.size()];
        int generation = 0;
        List<Thread> current = new ArrayList<>();
        int[] start = new int[2 * (groups + 1)];
        java.util.Arrays.fill(start, -1);
        add(current, mark, ++generation, 0, start, 0);
        int[] matched = null;
        for (int pos = 0; ; pos++) {
            List<Thread> next = new ArrayList<>();
            generation++;
            for (Thread t : current) {
                Inst inst = program.get(t.pc());
                if (inst instanceof Inst.Match) {
                    if (!whole || pos == word.length()) {
                        matched = t.caps();
                        break; // the threads after this one are less preferred
                    }
                } else if (pos < word.length() && ((Inst.Char) inst).accepts(word.charAt(pos))) {
                    add(next, mark, generation, t.pc() + 1, t.caps(), pos + 1);
                }
            }
            if (pos == word.length() || next.isEmpty()) return matched;
            current = next;
        }
    }

    /** Adds a thread at {@code pc}, following jumps, splits (preferred side first) and saves. */
    private void add(List<Thread> list, int[] mark, int generation, int pc, int[] caps, int pos) {
        if (mark[pc] == generation) return;
        mark[pc] = generation;
        switch (program.get(pc)) {
            case Inst.Jump j -> add(list, mark, generation, j.to(), caps, pos);
            case Inst.Split s -> {
                add(list, mark, generation, s.first(), caps, pos);
                add(list, mark, generation, s.second(), caps, pos);
            }
            case Inst.Save s -> {
                int[] copy = caps.clone();
                copy[s.slot()] = pos;
                add(list, mark, generation, pc + 1, copy, pos);
            }
            default -> list.add(new Thread(pc, caps));
        }
    }

    private sealed interface Inst {
        /** One character that {@code set} accepts (or, {@code negated}, refuses); {@code set} holds ranges as pairs. */
        record Char(char[] set, boolean negated) implements Inst {
            boolean accepts(char c) {
                boolean in = false;
                for (int i = 0; i < set.length && !in; i += 2) in = c >= set[i] && c <= set[i + 1];
                return in != negated;
            }
        }

        record Split(int first, int second) implements Inst {}

        record Jump(int to) implements Inst {}

        record Save(int slot) implements Inst {}

        record Match() implements Inst {}
    }

    /* ------- the parser: a tree of nodes, each emitting its instructions ------- */

    private interface Node {
        void emit(List<Inst> out);
    }

    private static final class Parser {
        private final String text;
        int pos;
        int groups;

        Parser(String text) {
            this.text = text;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (pos + 1));
        }

        Node alternation() {
            List<Node> sides = new ArrayList<>(List.of(sequence()));
            while (pos < text.length() && text.charAt(pos) == '|') {
                pos++;
                sides.add(sequence());
            }
            return sides.size() == 1 ? sides.getFirst() : out -> emitAlternation(sides, 0, out);
        }

        private static void emitAlternation(List<Node> sides, int i, List<Inst> out) {
            if (i == sides.size() - 1) {
                sides.get(i).emit(out);
                return;
            }
            int split = out.size();
            out.add(null);
            sides.get(i).emit(out);
            int jump = out.size();
            out.add(null);
            out.set(split, new Inst.Split(split + 1, out.size()));
            emitAlternation(sides, i + 1, out);
            out.set(jump, new Inst.Jump(out.size()));
        }

        Node sequence() {
            List<Node> items = new ArrayList<>();
            while (pos < text.length() && text.charAt(pos) != '|' && text.charAt(pos) != ')') {
                items.add(repeat(atom()));
            }
            return out -> items.forEach(n -> n.emit(out));
        }

        Node repeat(Node atom) {
            if (pos >= text.length() || "?*+".indexOf(text.charAt(pos)) < 0) return atom;
            char q = text.charAt(pos++);
            if (pos < text.length() && "?*+{".indexOf(text.charAt(pos)) >= 0) {
                throw error("a quantifier after a quantifier (lazy, possessive or doubled) is not supported");
            }
            return out -> {
                int begin = out.size();
                if (q == '+') {
                    atom.emit(out);
                    out.add(new Inst.Split(begin, out.size() + 1));
                    return;
                }
                out.add(null);
                atom.emit(out);
                if (q == '*') out.add(new Inst.Jump(begin));
                out.set(begin, new Inst.Split(begin + 1, out.size()));
            };
        }

        Node atom() {
            char c = text.charAt(pos);
            switch (c) {
                case '(' -> {
                    pos++;
                    int group = -1;
                    if (text.startsWith("?:", pos)) {
                        pos += 2;
                    } else if (pos < text.length() && text.charAt(pos) == '?') {
                        throw error("only `(?:` groups are supported (no lookaround or flags)");
                    } else {
                        group = ++groups;
                    }
                    Node inner = alternation();
                    if (pos >= text.length() || text.charAt(pos) != ')') throw error("an unclosed `(`");
                    pos++;
                    int g = group;
                    return g < 0 ? inner : out -> {
                        out.add(new Inst.Save(2 * g));
                        inner.emit(out);
                        out.add(new Inst.Save(2 * g + 1));
                    };
                }
                case '[' -> {
                    return charClass();
                }
                case '.' -> {
                    pos++;
                    return single(new char[0], true);
                }
                case '\\' -> {
                    return single(escaped(), false);
                }
                case '?', '*', '+' -> throw error("a quantifier with nothing before it");
                case '{', '}' -> throw error("counted repetition `{…}` is not supported");
                case '^', '$' -> throw error("anchors are not supported (the pattern always spans the word)");
                default -> {
                    pos++;
                    return single(new char[] {c, c}, false);
                }
            }
        }

        /** A backslash and the punctuation character it makes literal. */
        private char[] escaped() {
            pos++;
            if (pos >= text.length()) throw error("a `\\` at the end");
            char e = text.charAt(pos);
            if (Character.isLetterOrDigit(e)) {
                throw error("escapes such as `\\" + e + "` are not supported; write a class such as `[0-9]`");
            }
            pos++;
            return new char[] {e, e};
        }

        private Node charClass() {
            pos++;
            boolean negated = pos < text.length() && text.charAt(pos) == '^';
            if (negated) pos++;
            StringBuilder ranges = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != ']') {
                char lo = classChar();
                char hi = lo;
                if (pos + 1 < text.length() && text.charAt(pos) == '-' && text.charAt(pos + 1) != ']') {
                    pos++;
                    hi = classChar();
                    if (hi < lo) throw error("the range `" + lo + "-" + hi + "` is backwards");
                }
                ranges.append(lo).append(hi);
            }
            if (pos >= text.length()) throw error("an unclosed `[`");
            pos++;
            if (ranges.isEmpty()) throw error("an empty class `[]`");
            return single(ranges.toString().toCharArray(), negated);
        }

        private char classChar() {
            char c = text.charAt(pos);
            if (c == '\\') return escaped()[0];
            if (c == '[') throw error("nested classes are not supported");
            pos++;
            return c;
        }

        private static Node single(char[] set, boolean negated) {
            return out -> out.add(new Inst.Char(set, negated));
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
