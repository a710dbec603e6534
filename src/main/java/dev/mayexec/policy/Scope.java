package dev.mayexec.policy;

import java.util.List;

/** Whom a file's rules apply to; a scoped file's rules are implicitly conditioned on its scope. */
public sealed interface Scope {

    /** Returns how the scope reads in messages. */
    String describe();

    /** {@code policy.yaml}: every process. */
    record Everyone() implements Scope {
        @Override
        public String describe() {
            return "every process";
        }
    }

    /** {@code users/*.yaml} with {@code user: NAME}. */
    record User(String name) implements Scope {
        @Override
        public String describe() {
            return "user `" + name + "`";
        }
    }

    /** {@code users/*.yaml} with {@code uid: N}. */
    record Uid(int uid) implements Scope {
        @Override
        public String describe() {
            return "uid " + uid;
        }
    }

    /** {@code users/*.yaml} with {@code group: GID}: the process's gid or one of its groups. */
    record Group(int gid) implements Scope {
        @Override
        public String describe() {
            return "group " + gid;
        }
    }

    /** {@code services/*.yaml}: processes of one systemd unit. */
    record Service(String unit) implements Scope {
        @Override
        public String describe() {
            return "service `" + unit + "`";
        }
    }

    /**
     * {@code interpreters/*.yaml}: processes whose executable matches the profile. {@code syntax} is
     * how its invocations map to channels, when the file writes it; {@code syntaxOf} names another
     * profile whose syntax it borrows ({@code syntax: sh}). With neither, the shipped profile of the
     * same name lends its syntax (docs/PROFILES.md).
     */
    record Interpreter(String name, List<PathPattern> executables, Syntax syntax, ProfileRef syntaxOf) implements Scope {
        public Interpreter {
            executables = List.copyOf(executables);
        }

        /** A profile that only names its executables (a scope for rules). */
        public Interpreter(String name, List<PathPattern> executables) {
            this(name, executables, null, null);
        }

        @Override
        public String describe() {
            return "interpreter `" + name + "`";
        }
    }
}
