/**
 * Interpreter profiles: {@link dev.mayexec.profile.Classifier} turns an invocation (argv, environment, standard input, {@code #!} lines, env(1)) into the requests it amounts to, with the {@link dev.mayexec.profile.Profiles} a policy has in effect. Pure but for the injected {@link dev.mayexec.profile.Disk}.
 */
package dev.mayexec.profile;
