/**
 * Knowing what a policy change does before it ships: {@link dev.mayexec.review.Explainer} (why a
 * request got its decision, and why not the other), {@link dev.mayexec.review.Replay} (logged
 * decisions judged again under a new policy) and {@link dev.mayexec.review.PolicyDiff} (the exact
 * difference of two policies' decisions, from the lint analysis).
 */
package dev.mayexec.review;
