package io.dive.support.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dive.audit.AuditCollection;
import io.dive.audit.AuditQuery;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditorQueriesTest {

    @Test
    void everyFilterIsRead() throws Exception {
        AuditQuery query = AuditorQueries.query(AuditCollection.KEY_RELEASES, parameters(Map.of("subject", "alice",
                "outcome", "DENY", "from", "2026-12-01T00:00:00Z", "limit", "7")));
        assertThat(query.subject()).isEqualTo("alice");
        assertThat(query.outcome()).isEqualTo("DENY");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(query.limit()).isEqualTo(7);
        assertThat(AuditorQueries.query(AuditCollection.DECISIONS, parameters(Map.of())).limit())
                .isEqualTo(AuditorQueries.DEFAULT_LIMIT);
    }

    @Test
    void aBadParameterIsNamed() {
        assertThat(bad(Map.of("limit", "100000"))).isEqualTo("limit");
        assertThat(bad(Map.of("limit", "ten"))).isEqualTo("limit");
        assertThat(bad(Map.of("from", "yesterday"))).isEqualTo("from");
        assertThat(bad(Map.of("from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z"))).isEqualTo("to");
        assertThat(bad(Map.of("colour", "red"))).isEqualTo("colour");
        assertThat(catchThrowableOfType(AuditorQueries.BadParameter.class, () -> AuditorQueries.collection("users")).parameter)
                .isEqualTo("collection");
    }

    private static String bad(Map<String, String> values) {
        return catchThrowableOfType(AuditorQueries.BadParameter.class,
                () -> AuditorQueries.query(AuditCollection.KEY_RELEASES, parameters(values))).parameter;
    }

    private static MultivaluedHashMap<String, String> parameters(Map<String, String> values) {
        MultivaluedHashMap<String, String> parameters = new MultivaluedHashMap<>();
        values.forEach(parameters::add);
        return parameters;
    }
}
