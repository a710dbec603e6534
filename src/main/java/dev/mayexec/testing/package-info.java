/**
 * Policy tests ({@code mayexec test}): YAML files of requests with the decisions they must get, run
 * against a policy, with a report of which rules no test exercises.
 */
package dev.mayexec.testing;
