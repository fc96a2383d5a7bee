package dev.baton.marketing.campaign.domain;

/** The UTM parameters of a touch (any may be absent): they name the campaign it came from when no id is given. */
public record Utm(String source, String medium, String campaign) {

    /** Whether no parameter is given: then the touch names no campaign by UTM. */
    public boolean isEmpty() {
        return source == null && medium == null && campaign == null;
    }
}
