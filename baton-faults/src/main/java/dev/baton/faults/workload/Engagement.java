package dev.baton.faults.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.faults.infra.Tokens;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** One engagement batch: mostly anonymous visitors, some known leads; every item RECORDED goes to the ledger. */
final class Engagement {

    private static final List<String> TYPES = List.of("PAGE_VIEW", "EMAIL_OPEN", "EMAIL_CLICK", "CONTENT_DOWNLOAD", "AD_CLICK");

    private final Api api;
    private final Tokens tokens;
    private final Ledger ledger;
    private final Throughput throughput;
    private final Visitors visitors;
    private final int batchSize;

    Engagement(Api api, Tokens tokens, Ledger ledger, Throughput throughput, Visitors visitors, int batchSize) {
        this.api = api;
        this.tokens = tokens;
        this.ledger = ledger;
        this.throughput = throughput;
        this.visitors = visitors;
        this.batchSize = batchSize;
    }

    void sendBatch() {
        List<Map<String, Object>> events = new ArrayList<>(batchSize);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < batchSize; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", "faults-" + UUID.randomUUID());
            String lead = random.nextDouble() < 0.3 ? visitors.anyLead() : null;
            if (lead != null) {
                event.put("leadId", lead);
            } else {
                String visitor = random.nextDouble() < 0.5 && visitors.any() != null ? visitors.any() : "visitor-" + UUID.randomUUID();
                visitors.visitor(visitor);
                event.put("visitorId", visitor);
            }
            event.put("type", TYPES.get(random.nextInt(TYPES.size())));
            event.put("occurredAt", Instant.now().toString());
            event.put("properties", Map.of("page", "/pricing", "source", "fault-suite"));
            events.add(event);
        }
        Outcome outcome = api.post(Api.MARKETING, "/engagements/batch", tokens.marketer, events);
        ledger.command(outcome.kind());
        if (outcome.ok()) {
            throughput.record();
            for (JsonNode result : outcome.body().path("results")) {
                if ("RECORDED".equals(result.path("status").asText())) {
                    ledger.engagementRecorded(result.path("eventId").asText());
                }
            }
        } else if (outcome.kind() == Outcome.Kind.UNKNOWN) {
            events.forEach(e -> ledger.engagementUncertain((String) e.get("eventId")));
        }
    }
}
