/**
 * Stage 2, check: what no single file shows (defaults for every channel, unique rule ids, set references, interpreter profiles).
 */
package dev.mayexec.check;
