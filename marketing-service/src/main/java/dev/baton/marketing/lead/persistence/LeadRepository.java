package dev.baton.marketing.lead.persistence;

import dev.baton.contract.Actor;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.marketing.lead.domain.HandoffRefusal;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.domain.Profile;
import dev.baton.marketing.scoring.domain.ScoreCalculator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SQL for leads and their visitors. Every write takes the caller's transaction. */
@ApplicationScoped
public class LeadRepository {

    private static final String COLUMNS = "lead_id, email, stage, highest_stage, owner, rep_id, ownership_version,"
            + " handoff_pending, consent_contact, score, seq, conversion_kind, created_at, company, company_size, job_role,"
            + " country, outcome, merged_into, name, lifecycle_owner, handoff_refusal_code, handoff_refused_at,"
            + " handoff_retrying";

    /** The lead; null when unknown or erased (an erased lead is not shown nor acted on). */
    public Uni<Lead> find(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM lead WHERE lead_id = $1 AND erased_at IS NULL")
                .execute(Tuple.of(leadId)).map(LeadRepository::first);
    }

    /** The lead, locked; null when unknown or erased. */
    public Uni<Lead> findForUpdate(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM lead WHERE lead_id = $1 AND erased_at IS NULL FOR UPDATE")
                .execute(Tuple.of(leadId)).map(LeadRepository::first);
    }

    /** The lead, locked, erased or not: an erased lead's stages still follow the other services (the funnel). */
    public Uni<Lead> findToProject(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM lead WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId)).map(LeadRepository::first);
    }

    /** {@code found}, or the lead it was merged into (locked): where a merged-away lead's person now lives. */
    public Uni<Lead> survivorForUpdate(SqlClient tx, Lead found) {
        return found == null || found.mergedInto() == null ? Uni.createFrom().item(found)
                : findForUpdate(tx, found.mergedInto());
    }

    public Uni<Lead> findByEmailForUpdate(SqlClient tx, String email) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM lead WHERE email = $1 FOR UPDATE")
                .execute(Tuple.of(email)).map(LeadRepository::first);
    }

    /** Inserts a new KNOWN lead; {@code false} if another transaction inserted the same email first. */
    public Uni<Boolean> insert(SqlClient tx, UUID leadId, String email, String kind, Profile profile,
            UUID referrerLeadId, String referringRepId, Instant at) {
        return tx.preparedQuery("INSERT INTO lead (lead_id, email, stage, highest_stage, seq, conversion_kind, created_at,"
                        + " stage_changed_at, company, company_size, job_role, country, referrer_lead_id, referring_rep_id)"
                        + " VALUES ($1, $2, 'KNOWN', 'KNOWN', 1, $3, $4, $4, $5, $6, $7, $8, $9, $10)"
                        + " ON CONFLICT (email) DO NOTHING")
                .execute(Tuple.from(new Object[] {leadId, email, kind, utc(at), profile.company(), profile.companySize(),
                        profile.role(), profile.country(), referrerLeadId, referringRepId}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records the person's name if the lead had none. */
    public Uni<Void> completeName(SqlClient tx, UUID leadId, String name) {
        if (name == null || name.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("UPDATE lead SET name = COALESCE(name, $2) WHERE lead_id = $1")
                .execute(Tuple.of(leadId, name.strip())).replaceWithVoid();
    }

    /** Fills in fit data the lead did not have yet; known values are kept. */
    public Uni<Void> completeProfile(SqlClient tx, UUID leadId, Profile profile) {
        return tx.preparedQuery("UPDATE lead SET company = COALESCE(company, $2), company_size = COALESCE(company_size, $3),"
                        + " job_role = COALESCE(job_role, $4), country = COALESCE(country, $5) WHERE lead_id = $1")
                .execute(Tuple.of(leadId, profile.company(), profile.companySize(), profile.role()).addValue(profile.country()))
                .replaceWithVoid();
    }

    /** Records a conversion (a touch for attribution). */
    public Uni<Void> recordConversion(SqlClient tx, UUID leadId, String kind, UUID campaignId, String source, Instant at) {
        return tx.preparedQuery("INSERT INTO conversion (conversion_id, lead_id, kind, campaign_id, source, occurred_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(new Object[] {UUID.randomUUID(), leadId, kind, campaignId, source, utc(at)}))
                .replaceWithVoid();
    }

    /** The lead's engagement, as scoring counts it. */
    public Uni<List<ScoreCalculator.Engagement>> engagementOf(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT type, occurred_at FROM engagement WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(row -> new ScoreCalculator.Engagement(
                        row.getString("type"), instant(row.getOffsetDateTime("occurred_at")))).toList());
    }

    /** The rep who referred this lead (a referral from their customer), if any. */
    public Uni<String> referringRep(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT referring_rep_id FROM lead WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("referring_rep_id") : null);
    }

    /** Records what sales closed (outcome and amount), for retention segments. */
    public Uni<Void> recordOutcome(SqlClient tx, UUID leadId, String outcome, BigDecimal amount) {
        return tx.preparedQuery("UPDATE lead SET outcome = $2, purchase_amount = COALESCE($3, purchase_amount) WHERE lead_id = $1")
                .execute(Tuple.of(leadId, outcome, amount)).replaceWithVoid();
    }

    public Uni<Void> moveStage(SqlClient tx, UUID leadId, Stage stage, long seq, boolean handoffPending, Instant at) {
        return tx.preparedQuery("UPDATE lead SET stage = $2, highest_stage = CASE WHEN"
                        + " array_position(ARRAY['ANONYMOUS','KNOWN','QUALIFIED','CLOSED','RETAINED'], $2)"
                        + " > array_position(ARRAY['ANONYMOUS','KNOWN','QUALIFIED','CLOSED','RETAINED'], highest_stage)"
                        + " THEN $2 ELSE highest_stage END, seq = $3, handoff_pending = $4,"
                        + " stage_changed_at = CASE WHEN stage = $2 THEN stage_changed_at ELSE $5 END WHERE lead_id = $1")
                .execute(Tuple.of(leadId, stage.name(), seq, handoffPending, utc(at))).replaceWithVoid();
    }

    public Uni<Void> setSequence(SqlClient tx, UUID leadId, long seq, boolean handoffPending) {
        return tx.preparedQuery("UPDATE lead SET seq = $2, handoff_pending = $3 WHERE lead_id = $1")
                .execute(Tuple.of(leadId, seq, handoffPending)).replaceWithVoid();
    }

    /**
     * Records the handoff service's answer to a handoff as the lifecycle says it: who owns the lead now (handed-off:
     * SALES; handoff-refused, recycled: MARKETING) and the refusal, if it was one (null clears the last one).
     */
    public Uni<Void> recordHandoffAnswer(SqlClient tx, UUID leadId, Owner owner, HandoffRefusal refusal) {
        return tx.preparedQuery("UPDATE lead SET lifecycle_owner = $2, handoff_refusal_code = $3,"
                        + " handoff_refused_at = $4, handoff_retrying = $5 WHERE lead_id = $1")
                .execute(Tuple.of(leadId, owner.name(), refusal == null ? null : refusal.reasonCode(),
                        utc(refusal == null ? null : refusal.refusedAt()), refusal != null && refusal.retrying()))
                .replaceWithVoid();
    }

    /** Marketing asked for the handoff again (sequence {@code seq}): pending until answered, the refusal cleared. */
    public Uni<Void> requestHandoff(SqlClient tx, UUID leadId, long seq) {
        return tx.preparedQuery("UPDATE lead SET seq = $2, handoff_pending = TRUE, handoff_refusal_code = NULL,"
                        + " handoff_refused_at = NULL, handoff_retrying = FALSE WHERE lead_id = $1")
                .execute(Tuple.of(leadId, seq)).replaceWithVoid();
    }

    public Uni<Void> setScore(SqlClient tx, UUID leadId, BigDecimal score) {
        return tx.preparedQuery("UPDATE lead SET score = $2 WHERE lead_id = $1")
                .execute(Tuple.of(leadId, score)).replaceWithVoid();
    }

    /** Applies a newer ownership version learned from lead.ownership.v1; older versions change nothing. */
    public Uni<Boolean> applyOwnership(SqlClient tx, UUID leadId, Owner owner, String repId, long version) {
        return tx.preparedQuery("UPDATE lead SET owner = $2, rep_id = $3, ownership_version = $4,"
                        + " handoff_pending = CASE WHEN $2 = 'SALES' THEN FALSE ELSE handoff_pending END"
                        + " WHERE lead_id = $1 AND ownership_version < $4")
                .execute(Tuple.of(leadId, owner.name(), repId, version))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> recordStage(SqlClient tx, UUID leadId, long seq, EventTypes type, Stage from, Stage to,
            Instant at) {
        return tx.preparedQuery("INSERT INTO lead_stage_history (lead_id, seq, event_type, from_stage, to_stage,"
                        + " occurred_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(leadId, seq, type.shortName(), from.name(), to.name()).addValue(utc(at)))
                .replaceWithVoid();
    }

    /**
     * Keeps a user's own words on a transition here rather than on the lifecycle topic, where no erasure could reach
     * them; nothing for a blank note.
     */
    public Uni<Void> writeNote(SqlClient tx, UUID leadId, long seq, EventTypes type, String note, Actor actor,
            Instant at) {
        if (note == null || note.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("INSERT INTO lead_note (lead_id, seq, event_type, note, actor_id, written_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(leadId, seq, type.shortName(), note, actor.id()).addValue(utc(at)))
                .replaceWithVoid();
    }

    /** Links a visitor (device) to a lead and stitches its anonymous engagement to it. */
    public Uni<Void> stitchVisitor(SqlClient tx, String visitorId, UUID leadId) {
        return tx.preparedQuery("INSERT INTO visitor (visitor_id, lead_id) VALUES ($1, $2)"
                        + " ON CONFLICT (visitor_id) DO UPDATE SET lead_id = EXCLUDED.lead_id WHERE visitor.lead_id IS NULL")
                .execute(Tuple.of(visitorId, leadId))
                .flatMap(ignored -> tx.preparedQuery(
                                "UPDATE engagement SET lead_id = $2 WHERE visitor_id = $1 AND lead_id IS NULL")
                        .execute(Tuple.of(visitorId, leadId)))
                .replaceWithVoid();
    }

    public Uni<List<String>> visitorIds(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT visitor_id FROM visitor WHERE lead_id = $1 ORDER BY first_seen_at, visitor_id")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(row -> row.getString("visitor_id")).toList());
    }

    public Uni<Long> engagementCount(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT count(*) AS n FROM engagement WHERE lead_id = $1")
                .execute(Tuple.of(leadId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** What sales closed it for (null when unknown), for retention newsletters. */
    public Uni<BigDecimal> purchaseAmount(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT purchase_amount FROM lead WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.iterator().next().getBigDecimal("purchase_amount"));
    }

    private static Lead first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? lead(iterator.next()) : null;
    }

    private static Lead lead(Row row) {
        return new Lead(
                row.getUUID("lead_id"),
                row.getString("email"),
                Stage.valueOf(row.getString("stage")),
                Stage.valueOf(row.getString("highest_stage")),
                Owner.valueOf(row.getString("owner")),
                row.getString("rep_id"),
                row.getLong("ownership_version"),
                row.getBoolean("handoff_pending"),
                row.getBoolean("consent_contact"),
                row.getBigDecimal("score"),
                row.getLong("seq"),
                row.getString("conversion_kind"),
                instant(row.getOffsetDateTime("created_at")),
                new Profile(row.getString("company"), row.getInteger("company_size"), row.getString("job_role"),
                        row.getString("country")),
                row.getString("outcome"),
                row.getUUID("merged_into"),
                row.getString("name"),
                Owner.valueOf(row.getString("lifecycle_owner")),
                row.getString("handoff_refusal_code") == null ? null : new HandoffRefusal(
                        row.getString("handoff_refusal_code"), instant(row.getOffsetDateTime("handoff_refused_at")),
                        row.getBoolean("handoff_retrying")));
    }
}
