package dev.mayexec.facts;

import java.util.List;
import java.util.Set;

/**
 * Facts about the subject of a request: the process that asks. Every field may be unknown
 * ({@code null}). {@code uid} and {@code gid} are the effective ids, which the kernel's exec check
 * uses. {@code capabilities} are effective capabilities in lower case without {@code CAP_}; when
 * unknown, uid 0 counts as holding all of them. {@code inheritedFds} are the descriptors above 2
 * that the process holds without close-on-exec: authority handed over, usually by mistake.
 */
public record ProcessInfo(
        Integer pid,
        Integer uid,
        Integer gid,
        List<Integer> groups,
        String user,
        String service,
        String exe,
        String interpreter,
        String parentExe,
        Set<Securebit> securebits,
        Set<String> capabilities,
        Boolean noNewPrivs,
        String lsmLabel,
        Boolean stdinTty,
        List<Integer> inheritedFds) {

    /** A process about which nothing is known. */
    public static final ProcessInfo UNKNOWN =
            new ProcessInfo(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** A process whose inherited descriptors are unknown. */
    public ProcessInfo(Integer pid, Integer uid, Integer gid, List<Integer> groups, String user, String service,
            String exe, String interpreter, String parentExe, Set<Securebit> securebits, Set<String> capabilities,
            Boolean noNewPrivs, String lsmLabel, Boolean stdinTty) {
        this(pid, uid, gid, groups, user, service, exe, interpreter, parentExe, securebits, capabilities, noNewPrivs,
                lsmLabel, stdinTty, null);
    }
    // Written out: the generated record methods do not inline at this many components, and these
    // records are hashed on every decision (cache keys).
    @Override
    public int hashCode() {
        int h = 1;
        h = 31 * h + java.util.Objects.hashCode(pid);
        h = 31 * h + java.util.Objects.hashCode(uid);
        h = 31 * h + java.util.Objects.hashCode(gid);
        h = 31 * h + java.util.Objects.hashCode(groups);
        h = 31 * h + java.util.Objects.hashCode(user);
        h = 31 * h + java.util.Objects.hashCode(service);
        h = 31 * h + java.util.Objects.hashCode(exe);
        h = 31 * h + java.util.Objects.hashCode(interpreter);
        h = 31 * h + java.util.Objects.hashCode(parentExe);
        h = 31 * h + java.util.Objects.hashCode(securebits);
        h = 31 * h + java.util.Objects.hashCode(capabilities);
        h = 31 * h + java.util.Objects.hashCode(noNewPrivs);
        h = 31 * h + java.util.Objects.hashCode(lsmLabel);
        h = 31 * h + java.util.Objects.hashCode(stdinTty);
        h = 31 * h + java.util.Objects.hashCode(inheritedFds);
        return h;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof ProcessInfo o)) return false;
        return java.util.Objects.equals(pid, o.pid)
                && java.util.Objects.equals(uid, o.uid)
                && java.util.Objects.equals(gid, o.gid)
                && java.util.Objects.equals(groups, o.groups)
                && java.util.Objects.equals(user, o.user)
                && java.util.Objects.equals(service, o.service)
                && java.util.Objects.equals(exe, o.exe)
                && java.util.Objects.equals(interpreter, o.interpreter)
                && java.util.Objects.equals(parentExe, o.parentExe)
                && java.util.Objects.equals(securebits, o.securebits)
                && java.util.Objects.equals(capabilities, o.capabilities)
                && java.util.Objects.equals(noNewPrivs, o.noNewPrivs)
                && java.util.Objects.equals(lsmLabel, o.lsmLabel)
                && java.util.Objects.equals(stdinTty, o.stdinTty)
                && java.util.Objects.equals(inheritedFds, o.inheritedFds);
    }

    /** A builder of the facts about a process, every fact unknown until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these facts (to change some of them). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pid = pid;
        b.uid = uid;
        b.gid = gid;
        b.groups = groups;
        b.user = user;
        b.service = service;
        b.exe = exe;
        b.interpreter = interpreter;
        b.parentExe = parentExe;
        b.securebits = securebits;
        b.capabilities = capabilities;
        b.noNewPrivs = noNewPrivs;
        b.lsmLabel = lsmLabel;
        b.stdinTty = stdinTty;
        b.inheritedFds = inheritedFds;
        return b;
    }

    /** Builds the facts about a process: set the facts that are known; the others stay unknown ({@code null}). */
    public static final class Builder {
        private Integer pid;
        private Integer uid;
        private Integer gid;
        private List<Integer> groups;
        private String user;
        private String service;
        private String exe;
        private String interpreter;
        private String parentExe;
        private Set<Securebit> securebits;
        private Set<String> capabilities;
        private Boolean noNewPrivs;
        private String lsmLabel;
        private Boolean stdinTty;
        private List<Integer> inheritedFds;

        private Builder() {}

        /** Sets {@code pid}. */
        public Builder pid(Integer pid) {
            this.pid = pid;
            return this;
        }

        /** Sets {@code uid}. */
        public Builder uid(Integer uid) {
            this.uid = uid;
            return this;
        }

        /** Sets {@code gid}. */
        public Builder gid(Integer gid) {
            this.gid = gid;
            return this;
        }

        /** Sets {@code groups}. */
        public Builder groups(List<Integer> groups) {
            this.groups = groups;
            return this;
        }

        /** Sets {@code user}. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Sets {@code service}. */
        public Builder service(String service) {
            this.service = service;
            return this;
        }

        /** Sets {@code exe}. */
        public Builder exe(String exe) {
            this.exe = exe;
            return this;
        }

        /** Sets {@code interpreter}. */
        public Builder interpreter(String interpreter) {
            this.interpreter = interpreter;
            return this;
        }

        /** Sets {@code parentExe}. */
        public Builder parentExe(String parentExe) {
            this.parentExe = parentExe;
            return this;
        }

        /** Sets {@code securebits}. */
        public Builder securebits(Set<Securebit> securebits) {
            this.securebits = securebits;
            return this;
        }

        /** Sets {@code capabilities}. */
        public Builder capabilities(Set<String> capabilities) {
            this.capabilities = capabilities;
            return this;
        }

        /** Sets {@code noNewPrivs}. */
        public Builder noNewPrivs(Boolean noNewPrivs) {
            this.noNewPrivs = noNewPrivs;
            return this;
        }

        /** Sets {@code lsmLabel}. */
        public Builder lsmLabel(String lsmLabel) {
            this.lsmLabel = lsmLabel;
            return this;
        }

        /** Sets {@code stdinTty}. */
        public Builder stdinTty(Boolean stdinTty) {
            this.stdinTty = stdinTty;
            return this;
        }

        /** Sets {@code inheritedFds}. */
        public Builder inheritedFds(List<Integer> inheritedFds) {
            this.inheritedFds = inheritedFds;
            return this;
        }

        /** The facts set so far. */
        public ProcessInfo build() {
            return new ProcessInfo(pid, uid, gid, groups, user, service, exe, interpreter, parentExe, securebits, capabilities, noNewPrivs, lsmLabel, stdinTty, inheritedFds);
        }
    }
}
