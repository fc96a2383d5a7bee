package dev.baton.marketing.lead;

import dev.baton.marketing.lead.domain.Emails;
import dev.baton.marketing.lead.domain.Erasure;
import dev.baton.marketing.lead.persistence.ErasureRepository;
import dev.baton.marketing.lead.persistence.ExportRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.privacy.PersonalData;
import dev.baton.platform.privacy.PersonalDataExport;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A person's export: everything the three services hold about every lead of the person, in one document. Marketing
 * owns identity, so it finds the leads and asks handoff and sales for their parts with the caller's own token; the
 * export is whole or not given (503 when a service does not answer).
 */
@ApplicationScoped
public class ExportService implements PersonalData {

    private static final Logger LOG = Logger.getLogger(ExportService.class);

    private final Pool pool;
    private final ErasureRepository people;
    private final ExportRepository exports;
    private final String service;
    private final ExportPartClient handoff;
    private final ExportPartClient sales;

    public ExportService(Pool pool, ErasureRepository people, ExportRepository exports, BatonConfig config,
            PrivacyConfig privacy) {
        this.pool = pool;
        this.people = people;
        this.exports = exports;
        this.service = config.service();
        this.handoff = client(privacy.handoffUrl());
        this.sales = client(privacy.salesUrl());
    }

    private static ExportPartClient client(URI url) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(url).connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(20, TimeUnit.SECONDS).build(ExportPartClient.class);
    }

    /** Marketing's own part for one lead. */
    @Override
    public Uni<PersonalDataExport> export(UUID leadId) {
        return exports.export(pool, List.of(leadId)).map(data -> new PersonalDataExport(leadId, service, data));
    }

    /** The whole document of the person a lead id or an email names; 404 for nobody (or an erased person). */
    public Uni<JsonObject> exportPerson(UUID leadId, String email, String authorization) {
        String normalised = leadId == null ? Emails.normalise(email) : null;
        return people.person(pool, leadId, normalised).flatMap(person -> {
            if (person.isEmpty()) {
                throw leadId == null ? ProblemException.notFound("person", "with this email")
                        : ProblemException.notFound("lead", leadId.toString());
            }
            List<UUID> ids = person.stream().map(Erasure.Subject::leadId).toList();
            return exports.export(pool, ids).flatMap(marketing -> parts(handoff, "handoff-service", ids, authorization)
                    .flatMap(handoffParts -> parts(sales, "sales-service", ids, authorization)
                            .map(salesParts -> new JsonObject()
                                    .put("exportedAt", Timestamps.now().toString())
                                    .put("leadIds", new JsonArray(ids.stream().map(UUID::toString).toList()))
                                    .put("marketing", marketing)
                                    .put("handoff", handoffParts)
                                    .put("sales", salesParts))));
        });
    }

    /** Each lead's part from one service, one call after the other; a failure makes the export fail whole. */
    private static Uni<JsonArray> parts(ExportPartClient client, String name, List<UUID> ids, String authorization) {
        List<JsonObject> found = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            chain = chain.flatMap(v -> client.part(authorization, id).map(text -> found.add(new JsonObject(text))))
                    .replaceWithVoid();
        }
        return chain.map(v -> new JsonArray(new ArrayList<>(found)))
                .onFailure().transform(failure -> {
                    LOG.warnf("export: %s did not give its part (%s)", name, failure.toString());
                    return new ProblemException(503, "export-incomplete", "Service unavailable",
                            name + " did not give its part of the export; no partial export is given, try again");
                });
    }
}
