package org.acme;

import dev.mayexec.Decision;
import dev.mayexec.MayExec;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestJson;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides through the exported API only: facts built with builders, and a request parsed from JSON. */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    public static void main(String[] args) throws Exception {
        LOG.info("acme: loading the policy");
        MayExec mx = MayExec.load(Path.of(args[0]));
        ProcessInfo alice = ProcessInfo.builder().uid(1000).gid(1000).user("alice").exe("/usr/bin/python3.11").build();
        FileInfo script = FileInfo.builder().path("/home/alice/x.py").type(FileType.REGULAR).mode(0644).uid(1000)
                .gid(1000).mount(new MountInfo("/", null, false, null, null)).othersCanWrite(false).build();
        Decision built = mx.decide(Request.of(Channel.FILE, alice, script));
        Decision parsed = mx.decide(RequestJson.parse("{\"channel\":\"inline\"}"));
        System.out.println("built: " + built.decision() + " " + built.reasons().get(0).rule());
        System.out.println("parsed: " + parsed.decision() + " " + parsed.reasons().get(0).code());
        LOG.info("acme: decided, cache {}", mx.cacheStats().orElseThrow());
    }
}
