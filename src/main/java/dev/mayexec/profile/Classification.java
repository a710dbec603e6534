package dev.mayexec.profile;

import java.util.List;

/** What an invocation amounts to: its parts, or why it cannot be told. */
public sealed interface Classification {

    /**
     * The invocation runs the interpreter of profile {@code profile}, from {@code exe} when its path
     * is known, and amounts to {@code parts} (none: it runs no code, as {@code python3 --version}).
     */
    record Parts(String profile, String exe, List<Part> parts) implements Classification {
        public Parts {
            parts = List.copyOf(parts);
        }
    }

    /**
     * The invocation cannot be classified; deciding it denies it with {@code code}
     * ({@code profile.unknown-interpreter}, {@code profile.unknown-option}, …) and the message.
     */
    record Refused(String code, String message) implements Classification {}
}
