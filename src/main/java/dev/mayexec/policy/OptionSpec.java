package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;
import java.util.List;
import java.util.Map;

/**
 * One option of an interpreter profile (docs/PROFILES.md): how it takes its argument, whether that
 * argument is code and through which channel, and what the option does to the rest of the
 * invocation. Unset effects are {@code null} or {@code false}.
 *
 * @param pattern for {@link Syntax.Arg#OPTIONAL}: how much of the rest of the word the argument takes
 * @param code the channel through which the argument (or, with {@code program: operand}, the first
 *     operand) is code; {@code null} when it is not code
 * @param codePattern the argument is code only when it matches; group 1, when present, names the code
 * @param ignoreEnv variables the interpreter then ignores ({@code *} for all)
 * @param chdir the argument is a directory that the interpreter changes to before it reads the script
 * @param searchPath the script operand is looked up on {@code PATH}
 */
public record OptionSpec(
        String name,
        Syntax.Arg arg,
        WordPattern pattern,
        Channel code,
        WordPattern codePattern,
        Syntax.Program program,
        boolean endsOptions,
        Syntax.Interactive interactive,
        boolean exits,
        boolean suppressesStdin,
        List<String> ignoreEnv,
        boolean chdir,
        boolean searchPath,
        Settings settings,
        SourceSpan span) {

    public OptionSpec {
        ignoreEnv = List.copyOf(ignoreEnv);
    }

    /** Whether the option can be turned off with {@code +} (shells): a flag or value that is not code. */
    public boolean plusable() {
        return code == null && program == null && settings == null && !exits;
    }

    /**
     * An option whose argument is a list of {@code key[=value]} settings, some of which name code
     * ({@code php -d auto_prepend_file=x.php}, {@code python -X presite=mod}, {@code mawk -W exec file}).
     * A key's {@link OptionSpec#arg}: {@code attached} takes the value after {@code =} only,
     * {@code required} also the next word.
     *
     * @param separator splits the argument into several settings ({@code null}: one setting)
     * @param unknownIsCode an unknown key cannot be classified (for interpreters that accept
     *     abbreviations), rather than being a setting that is not code
     */
    public record Settings(String separator, boolean unknownIsCode, Map<String, OptionSpec> keys) {
        public Settings {
            keys = Map.copyOf(keys);
        }
    }
}
