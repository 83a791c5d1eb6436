package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.junit.jupiter.api.Test;

/** A kept realm key is used only while the realm's key providers are unchanged (rotation, disabling, removal). */
class RealmSigningKeysTest {

    private static ComponentModel provider(String id, String priority, String enabled) {
        ComponentModel model = new ComponentModel();
        model.setId(id);
        model.setProviderId("rsa-generated");
        model.setProviderType("org.keycloak.keys.KeyProvider");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", priority);
        config.putSingle("enabled", enabled);
        config.putSingle("active", "true");
        config.putSingle("privateKey", "MIIE...");
        model.setConfig(config);
        return model;
    }

    @Test
    void theSameProvidersOrEqualCopiesKeepTheKey() {
        List<ComponentModel> seen = List.of(provider("a", "100", "true"), provider("b", "50", "true"));
        assertThat(RealmSigningKeys.same(seen, seen)).isTrue();
        assertThat(RealmSigningKeys.same(seen, List.of(provider("a", "100", "true"), provider("b", "50", "true")))).isTrue();
    }

    @Test
    void anyChangeToTheRealmsKeyProvidersIsAMiss() {
        List<ComponentModel> seen = List.of(provider("a", "100", "true"), provider("b", "50", "true"));
        assertThat(RealmSigningKeys.same(seen, List.of(provider("a", "100", "false"), provider("b", "50", "true"))))
                .as("a key disabled").isFalse();
        assertThat(RealmSigningKeys.same(seen, List.of(provider("a", "100", "true"), provider("b", "50", "true"),
                provider("c", "200", "true")))).as("a new key (rotation)").isFalse();
        assertThat(RealmSigningKeys.same(seen, List.of(provider("a", "100", "true")))).as("a key removed").isFalse();
        assertThat(RealmSigningKeys.same(seen, List.of(provider("b", "50", "true"), provider("a", "100", "true"))))
                .as("another order").isFalse();
        ComponentModel regenerated = provider("a", "100", "true");
        regenerated.getConfig().putSingle("privateKey", "MIIF...");
        assertThat(RealmSigningKeys.same(seen, List.of(regenerated, provider("b", "50", "true")))).as("a key re-generated")
                .isFalse();
    }

    /** A realm whose key-provider components are {@code components} (changed by the test) and whose key manager counts lookups. */
    private final List<ComponentModel> components = new ArrayList<>(List.of(provider("a", "100", "true")));
    private final List<String> knownKids = new ArrayList<>(List.of("kid-a"));
    private final AtomicInteger lookups = new AtomicInteger();

    private RealmModel realm(String id) {
        return (RealmModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getComponentsStream" -> List.copyOf(components).stream();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private KeycloakSession session() {
        KeyManager keys = (KeyManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyManager.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getKey") || args[2] != KeyUse.SIG) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    lookups.incrementAndGet();
                    if (!knownKids.contains((String) args[1])) {
                        return null;
                    }
                    KeyWrapper key = new KeyWrapper();
                    key.setKid((String) args[1]);
                    key.setAlgorithm((String) args[3]);
                    return key;
                });
        return (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeycloakSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("keys")) {
                        return keys;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aKeptKeyIsUsedWhileTheProvidersAreUnchangedAndLookedUpAgainAfterAnyChange() {
        RealmSigningKeys kept = new RealmSigningKeys();
        RealmModel realm = realm("r1");
        KeyWrapper first = kept.key(session(), realm, "kid-a", "RS256");
        assertThat(first.getKid()).isEqualTo("kid-a");
        assertThat(kept.key(session(), realm, "kid-a", "RS256")).isSameAs(first);
        assertThat(lookups).as("the second request is served from what was kept").hasValue(1);

        components.set(0, provider("a", "100", "false")); // the key's provider disabled
        knownKids.clear();
        assertThat(kept.key(session(), realm, "kid-a", "RS256")).as("a disabled key is refused at once").isNull();
        assertThat(lookups).hasValue(2);
        assertThat(kept.key(session(), realm, "kid-a", "RS256")).as("a refusal is not kept").isNull();
        assertThat(lookups).hasValue(3);

        components.set(0, provider("a", "100", "true"));
        components.add(provider("b", "200", "true")); // a key rotated in
        knownKids.addAll(List.of("kid-a", "kid-b"));
        assertThat(kept.key(session(), realm, "kid-b", "RS256").getKid()).isEqualTo("kid-b");
        assertThat(kept.key(session(), realm, "kid-a", "RS256").getKid()).isEqualTo("kid-a");
        assertThat(lookups).hasValue(5);
    }

    @Test
    void keysAreKeptPerRealmKidAndAlgorithm() {
        RealmSigningKeys kept = new RealmSigningKeys();
        kept.key(session(), realm("r1"), "kid-a", "RS256");
        kept.key(session(), realm("r2"), "kid-a", "RS256");
        kept.key(session(), realm("r1"), "kid-a", "PS256");
        assertThat(kept.key(session(), realm("r1"), null, "RS256")).as("no kid, no key").isNull();
        assertThat(lookups).as("another realm or algorithm is another lookup").hasValue(3);
    }
}
