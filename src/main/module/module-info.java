/**
 * mayexec, the decision library: {@link dev.mayexec.MayExec} and what it takes and gives. Added to
 * the jar at {@code package} (moditect), so that the build and the tests stay on the class path while
 * a user on the module path sees only the exported packages.
 */
module dev.mayexec {
    exports dev.mayexec;
    exports dev.mayexec.facts;
    exports dev.mayexec.diag;
    exports dev.mayexec.json;

    // the rules Drools compiles at run time call the engine (Query, Hits, Tables) from a module of
    // their own: open at run time, never exported at compile time
    opens dev.mayexec.engine;

    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires com.github.benmanes.caffeine;
    requires java.management;
    requires jdk.unsupported; // sun.misc.Signal: the daemon's HUP, USR1, TERM
    // Drools' jars are automatic modules: each is named so that the module graph resolves them,
    // with the explicit modules they use (slf4j-api, commons-codec)
    requires org.kie.api;
    requires org.kie.internal.api;
    requires org.drools.base;
    requires org.drools.core;
    requires org.drools.kiesession;
    requires org.drools.compiler;
    requires org.drools.mvel;
    requires org.slf4j;
    requires org.apache.commons.codec;
    // the command line only (dev.mayexec.cli); a library user need not have it
    requires static info.picocli;
}
