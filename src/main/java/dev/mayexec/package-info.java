/**
 * The decision library: {@link dev.mayexec.MayExec} loads a policy directory through the {@link dev.mayexec.Pipeline} and decides requests; {@link dev.mayexec.Decision} and {@link dev.mayexec.Reason} are its answers.
 */
package dev.mayexec;
