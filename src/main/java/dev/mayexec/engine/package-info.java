/**
 * Stage 4, build and decide: the Drools rule base, the kernel model that computes AT_EXECVE_CHECK from facts, and deny-overrides.
 */
package dev.mayexec.engine;
