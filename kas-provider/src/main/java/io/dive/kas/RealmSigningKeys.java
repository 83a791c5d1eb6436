package io.dive.kas;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The realm keys that verify bearer tokens, kept between requests (issue 16). Keycloak's key manager
 * builds every key provider of the realm once per session, i.e. per request, and a generated RSA
 * provider decodes its private key and certificate each time; a rewrap needs one public key.
 *
 * <p>A kept key is used only while the realm's key providers are exactly as they were when it was
 * looked up: every request compares the realm's key-provider components (id, provider, every config
 * value: keys, priority, enabled, active) with the ones seen then, read from Keycloak's realm cache,
 * which a change on any node invalidates. A new, disabled, removed or re-generated key provider is
 * therefore a miss, and the key manager is asked again. A key the manager does not return is never
 * kept.
 */
final class RealmSigningKeys {

    /** A key and the realm's key-provider components it was looked up with. */
    private record Kept(List<ComponentModel> components, KeyWrapper key) {
    }

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    /** The realm's verification key {@code kid} for {@code algorithm}, as Keycloak's key manager has it now; null: none. */
    KeyWrapper key(KeycloakSession session, RealmModel realm, String kid, String algorithm) {
        List<ComponentModel> components = realm.getComponentsStream(realm.getId(), KeyProvider.class.getName()).toList();
        String id = realm.getId() + '\n' + kid + '\n' + algorithm;
        Kept entry = kept.get(id);
        if (entry != null && same(entry.components(), components)) {
            return entry.key();
        }
        KeyWrapper key = kid == null ? null : session.keys().getKey(realm, kid, KeyUse.SIG, algorithm);
        if (key != null) {
            if (kept.size() > 1_000) {
                kept.clear(); // bounded: a realm has a handful of keys; many kids are tokens of keys long gone
            }
            kept.put(id, new Kept(components, key));
        } else {
            kept.remove(id);
        }
        return key;
    }

    /** Same components in the same order, each with the same id, provider and config (values compared, not only ids). */
    static boolean same(List<ComponentModel> a, List<ComponentModel> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            ComponentModel x = a.get(i);
            ComponentModel y = b.get(i);
            if (x != y && !(Objects.equals(x.getId(), y.getId()) && Objects.equals(x.getProviderId(), y.getProviderId())
                    && Objects.equals(x.getSubType(), y.getSubType()) && Objects.equals(x.getConfig(), y.getConfig()))) {
                return false;
            }
        }
        return true;
    }
}
