/**
 * The decision library's entry point: {@link dev.mayexec.MayExec} loads a policy directory and
 * decides requests (built from {@code dev.mayexec.facts}, or parsed from JSON by
 * {@code dev.mayexec.json}); {@link dev.mayexec.Decision} and {@link dev.mayexec.Reason} are its
 * answers, {@link dev.mayexec.CacheStats} and {@link dev.mayexec.BuildInfo} what it reports about
 * itself. The other packages are the stages behind it (see {@code dev.mayexec.pipeline}) and are
 * not exported from the module.
 */
package dev.mayexec;
