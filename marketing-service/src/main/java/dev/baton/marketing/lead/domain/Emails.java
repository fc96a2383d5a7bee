package dev.baton.marketing.lead.domain;

import dev.baton.platform.problem.ProblemException;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email normalisation: trimmed, lower case, one {@code @}, a dotted domain. The same person never becomes two leads. */
public final class Emails {

    private static final Pattern VALID = Pattern.compile(
            "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$");

    private Emails() {
    }

    /** @throws ProblemException 422 when the email is not valid */
    public static String normalise(String raw) {
        String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !VALID.matcher(email).matches()) {
            throw ProblemException.unprocessable("invalid-email", "'" + abbreviate(raw) + "' is not a valid email address");
        }
        return email;
    }

    private static String abbreviate(String raw) {
        String text = raw == null ? "" : raw.strip();
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
