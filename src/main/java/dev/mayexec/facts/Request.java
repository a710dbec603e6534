package dev.mayexec.facts;

import java.util.List;
import java.util.Map;

/**
 * One question: may this process run this code through this channel? Facts not given are unknown.
 *
 * <p>A request with {@code argv} and no {@code channel} is an <em>invocation</em>: the interpreter's
 * profile turns it into the requests it amounts to, and it is allowed only if every one of them is
 * (docs/PROFILES.md). {@code env} is its environment, {@code cwd} its working directory (relative
 * paths in {@code argv} need it), and {@code stdin} describes its standard input when that is a file
 * or a pipe. In a request with a channel, {@code argv} and {@code env} are context and rules do not
 * read them.
 */
public record Request(Channel channel, ProcessInfo process, FileInfo file, List<String> argv, Map<String, String> env,
        String cwd, FileInfo stdin) {

    /** Checks that the request has a channel or an {@code argv}; an unknown process is {@link ProcessInfo#UNKNOWN}. */
    public Request {
        if (channel == null && (argv == null || argv.isEmpty())) {
            throw new IllegalArgumentException("channel is required (or argv, for an invocation)");
        }
        if (process == null) process = ProcessInfo.UNKNOWN;
    }

    /** A request, or (with argv and no channel) an invocation, without working directory or stdin facts. */
    public Request(Channel channel, ProcessInfo process, FileInfo file, List<String> argv, Map<String, String> env) {
        this(channel, process, file, argv, env, null, null);
    }

    /** A request of {@code process} through {@code channel}, about {@code file} (null for fileless channels). */
    public static Request of(Channel channel, ProcessInfo process, FileInfo file) {
        return new Request(channel, process, file, null, null);
    }

    /** An invocation of {@code argv} by {@code process}. */
    public static Request invocation(ProcessInfo process, List<String> argv, Map<String, String> env, String cwd,
            FileInfo stdin) {
        return new Request(null, process, null, argv, env, cwd, stdin);
    }

    /** Whether this is an invocation (argv and no channel) rather than one channel's request. */
    public boolean isInvocation() {
        return channel == null;
    }
}
