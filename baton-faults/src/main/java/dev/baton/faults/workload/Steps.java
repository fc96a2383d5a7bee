package dev.baton.faults.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.faults.infra.Tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.baton.faults.workload.Api.MARKETING;
import static dev.baton.faults.workload.Api.SALES;

/**
 * One step of a lead's journey through the REST APIs, and what its answer promises: a 2xx records the events it calls
 * for in the ledger; an unknown outcome records them as possible and ends the journey; a refusal (4xx) or an unreachable
 * service is tried again a few times. Waits for the asynchronous steps (the handoff, the acceptance) poll sales.
 */
final class Steps {

    private static final List<String> REJECT_REASONS = List.of("UNREACHABLE", "BAD_DATA", "NO_NEED", "NO_BUDGET", "NO_FIT");
    private static final int MAX_TRIES = 8;
    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(240);

    private final Api api;
    private final Tokens tokens;
    private final Ledger ledger;
    private final Throughput throughput;
    private final Visitors visitors;
    private final Consumer<Journey> spawn;
    final java.util.concurrent.atomic.LongAdder stranded = new java.util.concurrent.atomic.LongAdder();

    Steps(Api api, Tokens tokens, Ledger ledger, Throughput throughput, Visitors visitors, Consumer<Journey> spawn) {
        this.api = api;
        this.tokens = tokens;
        this.ledger = ledger;
        this.throughput = throughput;
        this.visitors = visitors;
        this.spawn = spawn;
    }

    /** Runs the journey's current step; returns the journey with its next step and due time. */
    Journey advance(Journey j) {
        return switch (j.step) {
            case CONVERT -> convert(j);
            case QUALIFY -> qualify(j);
            case AWAIT_OPPORTUNITY -> awaitOpportunity(j);
            case ANSWER -> answer(j);
            case AWAIT_OPEN -> awaitOpen(j);
            case CLOSE -> close(j);
            case RETAIN -> retain(j);
            case REFER -> refer(j);
            case DONE -> j;
        };
    }

    private Journey convert(Journey j) {
        boolean consultation = chance(0.2);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", "faults-" + UUID.randomUUID() + "@example.com");
        body.put("kind", consultation ? "CONSULTATION" : "FORM");
        body.put("consent", true);
        String visitor = visitors.any();
        if (visitor != null && chance(0.5)) {
            body.put("visitorId", visitor);
        }
        Outcome outcome = command(api.post(MARKETING, "/conversions", tokens.marketer, body));
        if (outcome.ok() && outcome.status() == 201) {
            j.leadId = outcome.body().path("leadId").asText();
            ledger.expect(j.leadId, Bucket.IDENTIFIED);
            visitors.lead(j.leadId);
            if (consultation) {
                ledger.expect(j.leadId, Bucket.QUALIFIED, Bucket.HANDOFF);
                return j.next(Journey.Step.AWAIT_OPPORTUNITY, 200);
            }
            // Some leads stay with marketing (nurture): they only collect engagement.
            return chance(0.15) ? j.next(Journey.Step.DONE, 0) : j.next(Journey.Step.QUALIFY, think());
        }
        return retryOrEnd(j, outcome);
    }

    private Journey qualify(Journey j) {
        Outcome outcome = command(api.post(MARKETING, "/leads/" + j.leadId + "/qualify", tokens.marketer,
                Map.of("reason", "fault suite")));
        if (outcome.ok()) {
            ledger.expect(j.leadId, Bucket.QUALIFIED, Bucket.HANDOFF);
            return j.next(Journey.Step.AWAIT_OPPORTUNITY, 200);
        }
        if (outcome.kind() == Outcome.Kind.UNKNOWN) {
            ledger.uncertain(j.leadId, Bucket.QUALIFIED, Bucket.HANDOFF);
        }
        return retryOrEnd(j, outcome);
    }

    private Journey awaitOpportunity(Journey j) {
        Outcome outcome = api.get(SALES, "/opportunities?leadId=" + j.leadId, tokens.ops);
        if (outcome.ok()) {
            for (JsonNode opportunity : outcome.body()) {
                if ("AWAITING_RESPONSE".equals(opportunity.path("status").asText())) {
                    j.opportunityId = opportunity.path("opportunityId").asText();
                    j.repId = opportunity.path("repId").asText();
                    return j.next(Journey.Step.ANSWER, think());
                }
            }
        }
        return keepWaiting(j);
    }

    private Journey answer(Journey j) {
        String token = tokens.forRep(j.repId, chance(0.3));
        boolean accept = chance(0.8);
        Outcome outcome = accept
                ? command(api.post(SALES, "/opportunities/" + j.opportunityId + "/accept", token, null))
                : command(api.post(SALES, "/opportunities/" + j.opportunityId + "/reject", token,
                        Map.of("reason", REJECT_REASONS.get(ThreadLocalRandom.current().nextInt(REJECT_REASONS.size())))));
        String[] promised = accept ? new String[] {Bucket.RESPONSE, Bucket.ACCEPTED}
                : new String[] {Bucket.RESPONSE, Bucket.REJECTED, Bucket.RECYCLED};
        if (outcome.ok()) {
            ledger.expect(j.leadId, promised);
            return accept ? j.next(Journey.Step.AWAIT_OPEN, 200) : j.next(Journey.Step.DONE, 0);
        }
        if (outcome.kind() == Outcome.Kind.UNKNOWN) {
            ledger.uncertain(j.leadId, promised);
        }
        return retryOrEnd(j, outcome);
    }

    private Journey awaitOpen(Journey j) {
        Outcome outcome = api.get(SALES, "/opportunities/" + j.opportunityId, tokens.ops);
        if (outcome.ok() && "OPEN".equals(outcome.body().path("status").asText())) {
            return j.next(Journey.Step.CLOSE, think());
        }
        return keepWaiting(j);
    }

    private Journey close(Journey j) {
        boolean won = chance(0.7);
        Map<String, Object> body = won ? Map.of("outcome", "WON", "amount", 1000 + ThreadLocalRandom.current().nextInt(50_000))
                : Map.of("outcome", "LOST", "reason", "went with a competitor");
        Outcome outcome = command(api.post(SALES, "/opportunities/" + j.opportunityId + "/close",
                tokens.forRep(j.repId, chance(0.3)), body));
        if (outcome.ok()) {
            ledger.expect(j.leadId, Bucket.CLOSED);
            return won ? j.next(Journey.Step.RETAIN, think()) : j.next(Journey.Step.DONE, 0);
        }
        if (outcome.kind() == Outcome.Kind.UNKNOWN) {
            ledger.uncertain(j.leadId, Bucket.CLOSED);
        }
        return retryOrEnd(j, outcome);
    }

    private Journey retain(Journey j) {
        Outcome outcome = command(api.post(SALES, "/customers/" + j.leadId + "/retention", tokens.forRep(j.repId, false),
                Map.of("kind", "CHECK_IN", "notes", "fault suite")));
        if (outcome.ok()) {
            ledger.expect(j.leadId, Bucket.RETAINED);
            return chance(0.4) ? j.next(Journey.Step.REFER, think()) : j.next(Journey.Step.DONE, 0);
        }
        if (outcome.kind() == Outcome.Kind.UNKNOWN) {
            ledger.uncertain(j.leadId, Bucket.RETAINED);
        }
        return retryOrEnd(j, outcome);
    }

    private Journey refer(Journey j) {
        Outcome outcome = command(api.post(SALES, "/referrals", tokens.forRep(j.repId, false), Map.of(
                "referrerLeadId", j.leadId, "email", "referred-" + UUID.randomUUID() + "@example.com", "consent", true)));
        if (outcome.ok() && outcome.status() == 201) {
            ledger.expect(j.leadId, Bucket.REFERRAL_RECEIVED);
            Journey referred = new Journey(Journey.Step.AWAIT_OPPORTUNITY);
            referred.leadId = outcome.body().path("leadId").asText();
            ledger.expect(referred.leadId, Bucket.IDENTIFIED, Bucket.QUALIFIED, Bucket.HANDOFF);
            visitors.lead(referred.leadId);
            spawn.accept(referred.after(200));
            return j.next(Journey.Step.DONE, 0);
        }
        if (outcome.kind() == Outcome.Kind.UNKNOWN) {
            ledger.uncertain(j.leadId, Bucket.REFERRAL_RECEIVED);
        }
        return retryOrEnd(j, outcome);
    }

    /** A refused or unreachable step is tried again (a few times, backing off); an unknown outcome ends the journey. */
    private Journey retryOrEnd(Journey j, Outcome outcome) {
        if (outcome.kind() == Outcome.Kind.UNKNOWN || ++j.tries > MAX_TRIES) {
            return j.next(Journey.Step.DONE, 0);
        }
        return j.after(250L << Math.min(j.tries, 4));
    }

    /** Waits for an asynchronous step by polling, up to a limit: a lead still not there is stranded. */
    private Journey keepWaiting(Journey j) {
        long now = System.nanoTime();
        if (j.waitingSince == 0) {
            j.waitingSince = now;
        } else if (now - j.waitingSince > WAIT_LIMIT_NANOS) {
            stranded.increment();
            return j.next(Journey.Step.DONE, 0);
        }
        return j.after(400);
    }

    private Outcome command(Outcome outcome) {
        ledger.command(outcome.kind());
        if (outcome.ok()) {
            throughput.record();
        }
        return outcome;
    }

    private static long think() {
        return 50 + ThreadLocalRandom.current().nextInt(150);
    }

    private static boolean chance(double p) {
        return ThreadLocalRandom.current().nextDouble() < p;
    }
}
