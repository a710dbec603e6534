/**
 * Diagnostics: one {@link dev.mayexec.diag.Diagnostic} type (stable code, severity, message, help, source span) for load errors, checks and compile errors alike.
 */
package dev.mayexec.diag;
