/**
 * Stage 1, load: YAML files to the policy model, keeping every node's file:line:col and reporting every shape error.
 */
package dev.mayexec.load;
