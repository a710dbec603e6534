/**
 * The immutable policy model: scoped files, rules, sealed conditions, path patterns and named sets, each with its place in the YAML.
 */
package dev.mayexec.policy;
