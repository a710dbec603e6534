/**
 * The {@code bin/mayexec} command line: thin picocli commands over the library, with fixed exit codes.
 */
package dev.mayexec.cli;
