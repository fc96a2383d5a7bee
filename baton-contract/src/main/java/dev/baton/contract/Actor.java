package dev.baton.contract;

/**
 * Who caused a change: a person (the JWT subject) or the system itself.
 *
 * @param id         the user's {@code sub}, or the service name for system actions
 * @param kind       {@code USER} or {@code SYSTEM}
 * @param onBehalfOf for an assistant acting for a rep, that rep's id; otherwise {@code null}
 */
public record Actor(String id, String kind, String onBehalfOf) {

    public static Actor system(String service) {
        return new Actor(service, "SYSTEM", null);
    }

    public static Actor user(String subject) {
        return new Actor(subject, "USER", null);
    }

    public static Actor userFor(String subject, String repId) {
        return new Actor(subject, "USER", repId);
    }
}
