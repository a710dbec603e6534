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

    /** {@code interpreters/*.yaml}: processes whose executable matches the profile. */
    record Interpreter(String name, List<PathPattern> executables) implements Scope {
        public Interpreter {
            executables = List.copyOf(executables);
        }

        @Override
        public String describe() {
            return "interpreter `" + name + "`";
        }
    }
}
