package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Word;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How an interpreter's invocation maps to channels: the profile keys of an {@code interpreters/*.yaml}
 * file (docs/PROFILES.md). {@code options} holds every option by each of its names; a name ending
 * in {@code *} matches every long option with that prefix. {@code environment} maps variable names
 * (or globs with {@code *}) to what their values are. {@code endOfOptions} words end the options
 * (a script may follow); after an {@code argumentsFollow} word every word is an argument and the
 * program comes from stdin ({@code php --}). {@code applets} is for multi-call binaries: the
 * applet's name picks the profile whose syntax applies.
 */
public record Syntax(
        Map<String, OptionSpec> options,
        boolean clusters,
        boolean plusOptions,
        List<String> endOfOptions,
        List<String> argumentsFollow,
        String stdinWord,
        Operands operands,
        StdinUse stdin,
        UnknownOptions unknownOptions,
        boolean scriptPathSearch,
        List<String> moduleFiles,
        Map<String, EnvSpec> environment,
        Set<String> builtinScripts,
        Map<String, ProfileRef> applets,
        SourceSpan span) {

    public Syntax {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        endOfOptions = List.copyOf(endOfOptions);
        argumentsFollow = List.copyOf(argumentsFollow);
        moduleFiles = List.copyOf(moduleFiles);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        builtinScripts = Set.copyOf(builtinScripts);
        applets = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(applets));
    }

    /** The option a whole word names: an exact name, or the longest {@code prefix*} name it starts with. */
    public Optional<OptionSpec> option(String name) {
        OptionSpec exact = options.get(name);
        if (exact != null) return Optional.of(exact);
        return options.entrySet().stream()
                .filter(e -> e.getKey().endsWith("*") && name.startsWith(e.getKey().substring(0, e.getKey().length() - 1)))
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }

    /** What the first operand is when no option gave the program. */
    public enum Operands implements Word {
        /** A script file ({@code file} channel); later operands are its arguments. */
        SCRIPT,
        /** Program text ({@code inline}), as awk's first operand. */
        INLINE,
        /** Every operand is a script file, run in order (jshell's load files). */
        SCRIPTS
    }

    /** When standard input is read as code. */
    public enum StdinUse implements Word {
        /** When neither an option nor an operand gave the program (most interpreters). */
        IF_NO_PROGRAM,
        /** Also after the program, as a REPL that follows the scripts (jshell). */
        AFTER_PROGRAM,
        /** Never: standard input is data (awk). */
        NEVER
    }

    /** What a word that looks like an option but is not in the profile means. */
    public enum UnknownOptions implements Word {
        /** The invocation cannot be classified, so it is denied (the safe default: it might take an argument). */
        ERROR,
        /** It and every word after it are the program's arguments, and the program comes from stdin (tclsh). */
        ARGUMENTS
    }

    /** How an option takes its argument. */
    public enum Arg implements Word {
        /** None: a flag; in a cluster, the next character is another option. */
        NONE,
        /** The rest of the word, or else the next word ({@code --name=value} or {@code --name value}). */
        REQUIRED,
        /** The rest of the word, which must not be empty ({@code -Mstrict}; {@code --name=value}). */
        ATTACHED,
        /** The rest of the word, possibly empty ({@code -i.bak}); a {@code pattern} limits how much. */
        OPTIONAL
    }

    /** How an option gives the program itself. */
    public enum Program implements Word {
        /** Its argument is the program: operands are arguments and stdin is not read ({@code python -c}). */
        ARGUMENT,
        /** The first operand is the program, through the option's {@code code} channel ({@code sh -c}). */
        OPERAND,
        /** The program is read from stdin; operands are arguments ({@code sh -s}). */
        STDIN
    }

    /** How an option or variable makes the interpreter interactive. */
    public enum Interactive implements Word {
        /** Code is read from stdin after the program too ({@code python -i}). */
        AFTER,
        /** The interpreter counts as interactive (for start-up files), nothing more ({@code bash -i}). */
        MODE
    }

    /** When an environment variable is read. */
    public enum When implements Word {
        ALWAYS,
        INTERACTIVE,
        NON_INTERACTIVE
    }
}
