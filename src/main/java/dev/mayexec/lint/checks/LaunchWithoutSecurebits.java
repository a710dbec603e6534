package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.facts.Securebit;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.policy.ScopeFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scope launched through {@code mayexec run} (it, or policy.yaml, has a {@code launch:} block)
 * whose {@code kernel:} block assumes an exec securebit that neither launch block sets: the policy
 * judges its processes as if the bit were set, but the programs {@code mayexec run} starts for it do
 * not have it, so an interpreter that only obeys its securebits (with no mayexec hook) does not check
 * its files. Another scope's launch block may cover some of its processes, but not all of them. A
 * policy with no launch block at all is not launched by mayexec, and its {@code kernel:} blocks are
 * the documented way to judge as if the bits were set (docs/POLICY.md): nothing is reported.
 */
@LintRule(id = "launch-without-securebits", summary = "a launched scope assumes exec securebits that its `launch:` blocks do not set",
        severity = Severity.WARNING)
public final class LaunchWithoutSecurebits implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        List<ScopeFile> files = cx.policy().files();
        ScopeFile everyone = files.getFirst(); // policy.yaml
        List<Finding> out = new ArrayList<>();
        for (ScopeFile f : files) {
            Set<String> missing = new TreeSet<>();
            for (Securebit b : f.kernel().securebits()) {
                if (!f.launch().securebits().contains(b) && !everyone.launch().securebits().contains(b)) missing.add(b.id());
            }
            if (missing.isEmpty() || !(f.launch().given() || everyone.launch().given())) continue;
            String bits = "`" + String.join("`, `", missing) + "`";
            Finding finding = Finding.at(f.kernel().span(), "the `kernel:` block of " + f.file() + " assumes " + bits + " for "
                            + f.scope().describe() + ", but no `launch:` block sets it: programs that `mayexec run` starts"
                            + " there lack the bit, and interpreters that only obey their securebits do not check their files")
                    .help("add `launch: {securebits: [" + String.join(", ", missing) + "]}` to " + f.file());
            if (everyone.launch().given() && f != everyone) {
                finding = finding.related(everyone.launch().span(), "the `launch:` block of policy.yaml, which does not set it");
            }
            out.add(finding);
        }
        return out;
    }
}
