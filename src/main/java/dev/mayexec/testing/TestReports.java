package dev.mayexec.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Reason;
import dev.mayexec.policy.Rule;
import java.io.IOException;
import java.io.PrintWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The report of a policy test run for CI systems: JSON, or JUnit XML (the format CI servers read). */
public final class TestReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestReports() {}

    /**
     * {@code {"tests":N,"passed":N,"failed":N,"results":[{"name","source","want","got","passed","failure","reasons"}],
     * "coverage":{"rules":N,"exercised":N,"not_exercised":[{"rule","source"}]}}}.
     */
    public static void json(TestRunner.Report report, PrintWriter out) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("tests", report.results().size());
            g.writeNumberField("passed", report.results().size() - report.failed());
            g.writeNumberField("failed", report.failed());
            g.writeArrayFieldStart("results");
            for (TestRunner.Result r : report.results()) {
                g.writeStartObject();
                g.writeStringField("name", r.test().name());
                g.writeStringField("source", r.test().span().toString());
                g.writeStringField("want", r.test().want().id());
                g.writeStringField("got", TestRunner.outcome(r.decision()).id());
                g.writeBooleanField("passed", r.passed());
                g.writeStringField("failure", r.failure());
                g.writeArrayFieldStart("reasons");
                for (Reason x : r.decision().reasons()) {
                    g.writeStartObject();
                    g.writeStringField("code", x.code());
                    g.writeStringField("rule", x.rule());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("coverage");
            g.writeNumberField("rules", report.rules().size());
            g.writeNumberField("exercised", report.rules().size() - report.unexercised().size());
            g.writeArrayFieldStart("not_exercised");
            for (Rule rule : report.unexercised()) {
                g.writeStartObject();
                g.writeStringField("rule", rule.id());
                g.writeStringField("source", rule.span().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    /**
     * One {@code testsuite} of the run: a {@code testcase} per test (its file as the class name, so
     * that a CI server groups the tests by file), a {@code failure} that says what was wanted and got.
     */
    public static void junit(TestRunner.Report report, PrintWriter out) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("tests", Integer.toString(report.results().size()));
            x.writeAttribute("failures", Long.toString(report.failed()));
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "mayexec policy tests");
            x.writeAttribute("tests", Integer.toString(report.results().size()));
            x.writeAttribute("failures", Long.toString(report.failed()));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", "0");
            for (TestRunner.Result r : report.results()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", r.test().span().file());
                x.writeAttribute("name", r.test().name());
                x.writeAttribute("file", r.test().span().file());
                x.writeAttribute("line", Integer.toString(r.test().span().line()));
                if (!r.passed()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", r.failure());
                    x.writeAttribute("type", "policy-test");
                    x.writeCharacters(r.test().span() + ": " + r.failure());
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            out.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
        }
    }
}
