/**
 * The stages from a policy directory to a deciding engine ({@link dev.mayexec.pipeline.Pipeline}),
 * invocations split into their parts ({@code Invocations}), and the {@link
 * dev.mayexec.pipeline.Decider} behind {@link dev.mayexec.MayExec} that the commands and the daemon
 * use directly (live facts from descriptors, the rule engine, the store of compiled rule bases).
 * Internal: not exported from the module.
 */
package dev.mayexec.pipeline;
