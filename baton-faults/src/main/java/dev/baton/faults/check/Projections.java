package dev.baton.faults.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.faults.infra.Tokens;
import dev.baton.faults.workload.Api;
import dev.baton.faults.workload.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Asks each service's API what it holds about a lead and compares it with what the lifecycle topic says (the
 * {@link LeadFold}) and, for the handoff registry's version, with the ownership topic.
 */
public final class Projections {

    private final Api api;
    private final Tokens tokens;

    public Projections(Api api, Tokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /** What disagrees about {@code lead}, or an empty list. */
    public List<String> compare(String lead, LeadFold fold, List<TopicIndex.OwnershipRecord> ownership) {
        List<String> problems = new ArrayList<>();
        if (fold.stage == null) {
            return problems;
        }
        Outcome marketing = api.get(Api.MARKETING, "/leads/" + lead, tokens.marketer);
        if (!marketing.ok()) {
            problems.add("marketing GET /leads answered " + describe(marketing));
        } else {
            JsonNode l = marketing.body();
            same(problems, "marketing stage", fold.stage, l.path("stage").asText(null));
            same(problems, "marketing owner", fold.owner, l.path("owner").asText(null));
            same(problems, "marketing sequence", Long.toString(fold.lastSequence), l.path("sequence").asText(null));
        }
        Outcome handoff = api.get(Api.HANDOFF, "/ownership/" + lead, tokens.ops);
        if (!handoff.ok()) {
            problems.add("handoff GET /ownership answered " + describe(handoff));
        } else {
            JsonNode o = handoff.body();
            same(problems, "handoff owner", fold.owner, o.path("owner").asText(null));
            same(problems, "handoff repId", fold.repId, o.path("repId").isNull() ? null : o.path("repId").asText(null));
            same(problems, "handoff status", fold.handoffStatus, o.path("status").asText(null));
            long topicVersion = ownership.stream().mapToLong(TopicIndex.OwnershipRecord::version).max().orElse(0);
            if (topicVersion > 0) {
                same(problems, "handoff version vs lead.ownership.v1", Long.toString(topicVersion), o.path("version").asText(null));
            }
        }
        Outcome sales = api.get(Api.SALES, "/opportunities?leadId=" + lead, tokens.ops);
        if (!sales.ok()) {
            problems.add("sales GET /opportunities answered " + describe(sales));
        } else {
            List<JsonNode> held = new ArrayList<>();
            sales.body().forEach(o -> {
                if (!"CROSS_SELL".equals(o.path("kind").asText())) {
                    held.add(o);
                }
            });
            held.sort(Comparator.comparing(o -> o.path("createdAt").asText()));
            List<String> expected = fold.opportunities.stream().map(o -> o.repId() + ":" + o.status()).toList();
            List<String> actual = held.stream().map(o -> o.path("repId").asText() + ":" + o.path("status").asText()).toList();
            same(problems, "sales opportunities", expected.toString(), actual.toString());
        }
        return problems;
    }

    private static void same(List<String> problems, String what, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(what + ": topic says " + expected + ", API says " + actual);
        }
    }

    private static String describe(Outcome outcome) {
        return outcome.status() == 0 ? outcome.kind().toString() : Integer.toString(outcome.status());
    }
}
