package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
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
}
