/**
 * fapolicyd rules read with fapolicyd's own grammar, a reference evaluator of them written from
 * fapolicyd.rules(5) (first match wins; no match allows), and their import into a mayexec policy
 * directory: first match becomes deny-overrides, with a report that marks every source rule exact,
 * approximate or dropped (docs/FAPOLICYD.md).
 */
package dev.mayexec.fapolicyd;
