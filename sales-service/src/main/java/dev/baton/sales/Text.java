package dev.baton.sales;

/** Free text as sales stores it: stripped, and absent when blank. */
public final class Text {

    private Text() {
    }

    public static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
