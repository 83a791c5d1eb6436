package io.dive.it;

import java.net.CookieHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cookie jar for a browser that only talks to loopback. Keycloak marks its cookies {@code Secure}
 * (browsers treat {@code http://127.0.0.1} as a secure context), which {@link java.net.CookieManager}
 * then refuses to send over plain HTTP; this jar honours names and paths — Keycloak scopes cookies of
 * the same name per realm path — and ignores the {@code Secure} flag.
 */
final class LoopbackCookieJar extends CookieHandler {

    /** Cookie path → name → value. */
    private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        List<String> pairs = new ArrayList<>();
        cookies.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .sorted(Comparator.comparingInt((Map.Entry<String, Map<String, String>> e) -> e.getKey().length()).reversed())
                .forEach(e -> e.getValue().forEach((name, value) -> pairs.add(name + "=" + value)));
        return pairs.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", pairs)));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((header, values) -> {
            if (header == null || !header.equalsIgnoreCase("set-cookie")) {
                return;
            }
            for (String value : values) {
                String[] parts = value.split(";");
                String[] pair = parts[0].split("=", 2);
                String name = pair[0].strip();
                String cookieValue = pair.length > 1 ? pair[1].strip() : "";
                String path = defaultPath(uri);
                boolean expired = false;
                for (int i = 1; i < parts.length; i++) {
                    String[] attribute = parts[i].split("=", 2);
                    String key = attribute[0].strip().toLowerCase(Locale.ROOT);
                    String attributeValue = attribute.length > 1 ? attribute[1].strip() : "";
                    if (key.equals("path") && !attributeValue.isEmpty()) {
                        path = attributeValue;
                    } else if (key.equals("max-age") && attributeValue.startsWith("0")) {
                        expired = true;
                    } else if (key.equals("expires") && attributeValue.contains("1970")) {
                        expired = true;
                    }
                }
                Map<String, String> atPath = cookies.computeIfAbsent(path, p -> new LinkedHashMap<>());
                if (expired) {
                    atPath.remove(name);
                } else {
                    atPath.put(name, cookieValue);
                }
            }
        });
    }

    private static String defaultPath(URI uri) {
        String path = uri.getPath();
        int slash = path == null ? -1 : path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
