package dev.baton.testing;

import java.net.HttpCookie;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A browser's session with Baton, as the workspace has it: the cookies it was given (the session, the XSRF token) and
 * the X-XSRF-TOKEN header that unsafe requests need.
 */
public final class Browser {

    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(String base) {
        this.base = base;
    }

    /** A browser signed in through {@code POST /auth/sign_in}; fails the test when the sign-in is refused. */
    public static Browser signedIn(Api api, String email, String password) {
        Browser browser = new Browser(api.base());
        Api.Response response = browser.api().post("/auth/sign_in", Map.of("email", email, "password", password));
        if (response.status() != 200) {
            throw new AssertionError("sign-in refused: " + response);
        }
        browser.keep(response);
        browser.keep(browser.api().get("/api/v1/profile")); // the XSRF-TOKEN cookie comes with a signed-in request
        return browser;
    }

    /** Keeps the cookies a response set, as a browser does. */
    public Api.Response keep(Api.Response response) {
        for (String header : response.raw().headers().allValues("set-cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
        return response;
    }

    /** The same session on another node (another port). */
    public Browser on(String otherBase) {
        Browser other = new Browser(otherBase);
        other.cookies.putAll(cookies);
        return other;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** An API client sending this browser's cookies and XSRF header. */
    public Api api() {
        Api api = new Api(base);
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
            api = api.withHeader("Cookie", header.toString());
        }
        String xsrf = cookies.get("XSRF-TOKEN");
        return xsrf == null ? api : api.withHeader("X-XSRF-TOKEN", xsrf);
    }
}
