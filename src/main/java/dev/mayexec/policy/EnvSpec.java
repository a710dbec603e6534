package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;

/**
 * An environment variable an interpreter reads (docs/PROFILES.md): its value is code
 * ({@code environment}) or names code ({@code config}, {@code module}, …), read always or only when
 * the interpreter is (or is not) interactive. An unset or empty variable is never read.
 *
 * @param name the variable, or a glob with {@code *} ({@code BASH_FUNC_*})
 * @param file the value names a directory, and the code is this file in it ({@code TCL_LIBRARY})
 * @param filePrefix a value that starts with this names a file; any other value is code ({@code LUA_INIT})
 * @param expands the interpreter expands the value first, so a {@code $} or backquote in it is code
 *     (and for the {@code environment} channel, only such a value is: a shell prompt)
 * @param interactive setting the variable makes the interpreter interactive ({@code PYTHONINSPECT})
 */
public record EnvSpec(
        String name,
        Channel channel,
        Syntax.When when,
        String file,
        String filePrefix,
        boolean expands,
        Syntax.Interactive interactive,
        SourceSpan span) {

    /** Whether {@code variable} is this one: the same name, or a match of the glob. */
    public boolean matches(String variable) {
        return globMatches(name, variable);
    }

    /** Matches a variable name against a name or a glob in which {@code *} stands for any characters. */
    public static boolean globMatches(String glob, String variable) {
        int star = glob.indexOf('*');
        if (star < 0) return glob.equals(variable);
        String prefix = glob.substring(0, star);
        String suffix = glob.substring(star + 1);
        return variable.length() >= prefix.length() + suffix.length() && variable.startsWith(prefix)
                && variable.endsWith(suffix);
    }
}
