/**
 * The request: what is known about the process (subject) and the file (object), and the channel the code comes through.
 */
package dev.mayexec.facts;
