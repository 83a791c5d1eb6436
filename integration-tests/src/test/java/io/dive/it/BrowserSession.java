package io.dive.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser as far as Keycloak's login pages need one: a cookie jar, redirects followed one by one,
 * HTML forms read and submitted (the login form, and the auto-submitting SAML POST-binding forms).
 * One session is one browser: a new session has no SSO cookies.
 */
public final class BrowserSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STEPS = 25;

    /**
     * Manual keys shown at enrollment, per realm and username ({@code <realm>/<username>}, the realm
     * of the page that showed the key): the "authenticator app" of every test. By realm, because the
     * Terraform-made realms hold users of the same names as the imported ones.
     */
    static final Map<String, String> OTP_KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    /** The last TOTP step used per username: a code is accepted once, so never send one twice. */
    private static final Map<String, Long> LAST_STEP = new java.util.concurrent.ConcurrentHashMap<>();

    private final DiveStack stack;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackCookieJar())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String callbackBase;
    /** Sent with every request when set: the session is one client's part of a trace (TracingIT). */
    private String traceparent;

    public BrowserSession(DiveStack stack) {
        this(stack, stack.keycloakUrl(), stack.keycloakUrl());
    }

    /**
     * A browser talking to the Keycloak at {@code baseUrl} (a cluster node, say), returning to a
     * callback under {@code callbackBase} (which the client registers).
     */
    public BrowserSession(DiveStack stack, String baseUrl, String callbackBase) {
        this.stack = stack;
        this.baseUrl = baseUrl;
        this.callbackBase = callbackBase;
    }

    /** From now on every request carries this W3C {@code traceparent}, as a traced application's would. */
    public BrowserSession traced(String traceparent) {
        this.traceparent = traceparent;
        return this;
    }

    /**
     * Tokens from logging in to {@code realm} through {@code idpAlias} as the national user: fills
     * the login form, submits SAML POST-binding forms, and answers enrollment and OTP pages with the
     * code an authenticator app would show.
     */
    public JsonNode loginThroughBroker(String realm, String clientId, String idpAlias, String username, String password) {
        Page page = start(realm, clientId, idpAlias);
        for (int step = 0; step < MAX_STEPS && page.code() == null; step++) {
            page = submit(page, answers(page, username, password));
        }
        return tokens(realm, clientId, page);
    }

    /** What a person would type on this page. */
    private static Map<String, String> answers(Page page, String username, String password) {
        Map<String, String> values = new LinkedHashMap<>();
        Element form = page.html().selectFirst("form");
        if (form == null) {
            throw new AssertionError("page without a form at " + page.uri() + ": " + page.html().text());
        }
        String account = realmOf(page.uri()) + "/" + username;
        if (page.hasElement("dive-otp-manual-key")) {
            OTP_KEYS.put(account, page.text("dive-otp-manual-key"));
        }
        if (!form.select("input[name=otp]").isEmpty()) {
            String key = OTP_KEYS.get(account);
            if (key == null) {
                throw new AssertionError("asked for a one-time code but no enrollment of " + username + " was seen");
            }
            values.put("otp", freshCode(username, key));
        }
        if (!form.select("input[name=password]").isEmpty()) {
            if (page.html().text().contains("Invalid username or password")) {
                throw new AssertionError("the IdP refused the credentials of " + username + " at " + page.uri());
            }
            values.put("username", username);
            values.put("password", password);
        }
        return values;
    }

    /** The realm of a Keycloak page ({@code /realms/<realm>/...}). */
    private static String realmOf(URI uri) {
        String[] path = uri.getPath().split("/");
        for (int i = 0; i + 1 < path.length; i++) {
            if (path[i].equals("realms")) {
                return path[i + 1];
            }
        }
        return "";
    }

    /** Starts a login through {@code idpAlias} and submits the user's password there (and any SAML forms). */
    public Page passwordAt(String realm, String clientId, String idpAlias, String username, String password) {
        Page login = start(realm, clientId, idpAlias);
        if (login.html() == null || login.html().getElementById("kc-form-login") == null) {
            throw new AssertionError("expected a login page at " + login.uri() + ": " + (login.html() == null ? "" : login.html().text()));
        }
        return skipAutoForms(submit(login, Map.of("username", username, "password", password)));
    }

    /** The HTML of the realm's login page for {@code clientId}, in {@code locale}. */
    public String loginPage(String realm, String clientId, String locale) {
        Page page = follow(HttpRequest.newBuilder(URI.create(authorizeUrl(realm, clientId, Map.of("ui_locales", locale)))).GET());
        if (page.html() == null) {
            throw new AssertionError("no login page: the request went straight to " + page.uri());
        }
        return page.html().outerHtml();
    }

    /** The authorization request a login for {@code clientId} starts with (PKCE, this session's verifier). */
    String authorizeUrl(String realm, String clientId, Map<String, String> extra) {
        verifier = random();
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("client_id", clientId, "response_type", "code",
                "scope", "openid", "redirect_uri", redirectUri(), "state", random(), "nonce", random(),
                "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        parameters.putAll(extra);
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?" + form(parameters);
    }

    // --- Step-by-step API for tests that look at each page --------------------------------------

    /** A page the browser stopped on (with its HTTP status), or the authorization code it reached (status 302). */
    public record Page(URI uri, Document html, String code, int status) {
        public boolean hasElement(String id) {
            return html != null && html.getElementById(id) != null;
        }

        public String text(String id) {
            Element element = html == null ? null : html.getElementById(id);
            return element == null ? null : element.text();
        }
    }

    private String redirectUri() {
        return callbackBase + "/dive-it-callback";
    }

    private String verifier;

    /** Starts a login at {@code realm} for {@code clientId} through {@code idpAlias}; returns the first page. */
    public Page start(String realm, String clientId, String idpAlias) {
        Map<String, String> hint = idpAlias == null ? Map.of() : Map.of("kc_idp_hint", idpAlias);
        return follow(HttpRequest.newBuilder(URI.create(authorizeUrl(realm, clientId, hint))).GET());
    }

    /** Submits the page's first form with {@code values} over its own fields (a browser auto-submits SAML forms). */
    public Page submit(Page page, Map<String, String> values) {
        Element form = page.html().selectFirst("form");
        if (form == null) {
            throw new AssertionError("no form on " + page.uri() + ": " + page.html().text());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), input.val());
        }
        fields.putAll(values);
        return follow(HttpRequest.newBuilder(URI.create(form.absUrl("action")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    /**
     * Submits the page's first form to the same path on another node of a cluster ({@code port}), with
     * the same cookies: one browser whose requests a load balancer sends to either node.
     */
    public Page submitAt(Page page, int port, Map<String, String> values) {
        Element form = page.html().selectFirst("form");
        if (form == null) {
            throw new AssertionError("no form on " + page.uri() + ": " + page.html().text());
        }
        URI action = URI.create(form.absUrl("action"));
        form.attr("action", action.toString().replace(":" + action.getPort() + "/", ":" + port + "/"));
        return submit(page, values);
    }

    /** Submits forms that need no input (SAML POST bindings) until a page that does, or the code. */
    public Page skipAutoForms(Page page) {
        Page current = page;
        for (int i = 0; i < MAX_STEPS && current.code() == null; i++) {
            Element form = current.html().selectFirst("form");
            if (form == null || !form.select("input[type=text], input[type=password], input[name=otp]").isEmpty()) {
                return current;
            }
            current = submit(current, Map.of());
        }
        return current;
    }

    /** The callback another browser (Chromium) reached at {@code url}, with its authorization code. */
    public Page reached(String url) {
        URI uri = URI.create(url);
        return new Page(uri, null, query(uri).get("code"), 302);
    }

    /** Exchanges the code the page reached for tokens. */
    public JsonNode tokens(String realm, String clientId, Page page) {
        if (page.code() == null) {
            throw new AssertionError("the login did not reach the client; it stopped at " + page.uri() + ": "
                    + (page.html() == null ? "" : page.html().text()));
        }
        HttpResponse<String> tokens = send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", page.code(), "redirect_uri", redirectUri(), "client_id", clientId, "code_verifier", verifier)))));
        if (tokens.statusCode() != 200) {
            throw new AssertionError("token request failed: " + tokens.statusCode() + " " + tokens.body());
        }
        try {
            return JSON.readTree(tokens.body());
        } catch (IOException e) {
            throw new AssertionError(tokens.body(), e);
        }
    }

    private Page follow(HttpRequest.Builder request) {
        for (int step = 0; step < MAX_STEPS; step++) {
            HttpResponse<String> response = send(request);
            URI at = response.uri();
            if (response.statusCode() / 100 == 3) {
                URI next = at.resolve(response.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(redirectUri())) {
                    return new Page(next, null, query(next).get("code"), response.statusCode());
                }
                request = HttpRequest.newBuilder(next).GET();
                continue;
            }
            return new Page(at, Jsoup.parse(response.body(), at.toString()), null, response.statusCode());
        }
        throw new AssertionError("too many redirects");
    }

    /** A code from a 30 s step not used before by this user, waiting for the next step if need be. */
    static String freshCode(String username, String manualKey) {
        long step = Totp.step(System.currentTimeMillis());
        Long last = LAST_STEP.get(username);
        while (last != null && step <= last) {
            try {
                Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            step = Totp.step(System.currentTimeMillis());
        }
        LAST_STEP.put(username, step);
        return Totp.code(manualKey, step);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (traceparent != null) {
            request.setHeader("traceparent", traceparent);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
