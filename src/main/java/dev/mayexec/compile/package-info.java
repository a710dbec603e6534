/**
 * Stage 3, compile: the policy model to deterministic DRL, with a source map from DRL lines back to YAML places.
 */
package dev.mayexec.compile;
