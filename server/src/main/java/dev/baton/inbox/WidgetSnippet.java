package dev.baton.inbox;

/** The one script tag a site owner pastes to embed an inbox's widget. */
public final class WidgetSnippet {

    private WidgetSnippet() {
    }

    public static String of(String baseUrl, String websiteToken) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return "<script src=\"" + base + "/widget.js\" data-website-token=\"" + websiteToken + "\" defer></script>";
    }
}
