package dev.mayexec.facts;

import java.util.List;
import java.util.Map;

/**
 * One question: may this process run this code through this channel? Only the channel is required;
 * facts not given are unknown. {@code argv} and {@code env} describe the invocation; they are kept
 * for interpreter profiles and are not read by rules.
 */
public record Request(Channel channel, ProcessInfo process, FileInfo file, List<String> argv, Map<String, String> env) {

    public Request {
        if (channel == null) throw new IllegalArgumentException("channel is required");
        if (process == null) process = ProcessInfo.UNKNOWN;
    }

    public static Request of(Channel channel, ProcessInfo process, FileInfo file) {
        return new Request(channel, process, file, null, null);
    }
}
