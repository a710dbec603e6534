package dev.mayexec.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The daemon's status in the Prometheus text exposition format (0.0.4), for node_exporter's textfile
 * collector: {@code mayexec status --format prometheus > /var/lib/node_exporter/mayexec.prom.$$ && mv …}.
 * Counters end in {@code _total}; units are seconds and bytes.
 */
final class PrometheusFormat {
    private final StringBuilder out = new StringBuilder();

    private PrometheusFormat() {}

    static String render(JsonNode s) {
        PrometheusFormat p = new PrometheusFormat();
        p.family("mayexec_info", "gauge", "The daemon's version and the hash of the policy deciding now.");
        p.sample("mayexec_info", "version=\"" + escape(s.get("version").asText()) + "\",policy=\""
                + escape(s.get("policy").asText()) + "\"", 1);
        p.gauge("mayexec_uptime_seconds", "Seconds since the daemon started.", s.get("uptime_seconds").asDouble());
        p.gauge("mayexec_policy_generation", "Policies swapped in since start, counting the first.", s.get("generation").asDouble());
        p.counter("mayexec_decisions_total", "Requests decided.", s.get("decisions").asDouble());
        p.counter("mayexec_denies_total", "Enforced denies.", s.get("denies").asDouble());
        p.counter("mayexec_invalid_requests_total", "Requests that could not be read.", s.get("invalid").asDouble());
        p.counter("mayexec_refused_requests_total", "Questions about another user's process.", s.get("refused").asDouble());
        p.counter("mayexec_cache_hits_total", "Decisions answered from the cache.", s.get("cache").get("hits").asDouble());
        p.counter("mayexec_cache_misses_total", "Decisions evaluated.", s.get("cache").get("misses").asDouble());
        p.family("mayexec_recent_decision_latency_seconds", "gauge",
                "Percentiles of the latest 65536 decisions' latency, in the daemon.");
        JsonNode lat = s.get("latency_us");
        for (String q : new String[] {"p50", "p90", "p99", "max"}) {
            p.sample("mayexec_recent_decision_latency_seconds", "percentile=\"" + q + "\"", lat.get(q).asDouble() / 1e6);
        }
        JsonNode c = s.get("clients");
        p.gauge("mayexec_clients_active", "Connections being served.", c.get("active").asDouble());
        p.gauge("mayexec_clients_max", "Ordinary connection slots (--max-clients).", c.get("max").asDouble());
        p.counter("mayexec_connections_total", "Connections accepted.", c.get("total").asDouble());
        p.counter("mayexec_connections_rejected_total", "Connections turned away: too many clients.", c.get("rejected").asDouble());
        p.counter("mayexec_reloads_total", "Policies reloaded.", s.get("reloads").get("ok").asDouble());
        p.counter("mayexec_reloads_failed_total", "Reloads rejected (the old policy kept serving).",
                s.get("reloads").get("failed").asDouble());
        JsonNode log = s.get("log");
        p.counter("mayexec_log_entries_written_total", "Decision log entries written.", log.get("written").asDouble());
        p.family("mayexec_log_entries_lost_total", "counter", "Decision log entries not written, by why.");
        p.sample("mayexec_log_entries_lost_total", "reason=\"queue_full\"", log.get("dropped").asDouble());
        p.sample("mayexec_log_entries_lost_total", "reason=\"rate_limited\"", log.get("rate_limited").asDouble());
        p.sample("mayexec_log_entries_lost_total", "reason=\"write_failed\"", log.get("failed").asDouble());
        JsonNode proc = s.get("process");
        p.gauge("mayexec_process_threads", "Live JVM threads of the daemon.", proc.get("threads").asDouble());
        p.gauge("mayexec_process_open_fds", "Open file descriptors of the daemon.", proc.get("open_fds").asDouble());
        p.gauge("mayexec_process_heap_used_bytes", "Heap in use (not only live objects).", proc.get("heap_used_bytes").asDouble());
        return p.out.toString();
    }

    private void gauge(String name, String help, double value) {
        family(name, "gauge", help);
        sample(name, null, value);
    }

    private void counter(String name, String help, double value) {
        family(name, "counter", help);
        sample(name, null, value);
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name);
        if (labels != null) out.append('{').append(labels).append('}');
        out.append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value)).append('\n');
    }

    /** A label value: backslash, double quote and newline escaped, as the format requires. */
    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
