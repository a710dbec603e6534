/**
 * The decision cache: Caffeine, keyed on the policy hash and the facts the policy reads.
 */
package dev.mayexec.cache;
