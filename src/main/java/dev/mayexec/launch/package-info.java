/**
 * {@code mayexec run}: the launcher that decides an invocation, prepares the process from the
 * policy's {@code launch:} blocks, and executes the very descriptor it judged.
 */
package dev.mayexec.launch;
