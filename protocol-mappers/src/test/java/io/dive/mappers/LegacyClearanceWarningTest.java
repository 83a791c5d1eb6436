package io.dive.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;

/** A legacy clearance is logged once per login (user session), however many tokens the login issues. */
class LegacyClearanceWarningTest {

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + String.format(record.getMessage(),
                    record.getParameters() == null ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("io.dive.mappers").addHandler(capture);
        Logger.getLogger("io.dive.mappers").setUseParentHandlers(false);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("io.dive.mappers").removeHandler(capture);
        Logger.getLogger("io.dive.mappers").setUseParentHandlers(true);
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers, Map<String, String> notes) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) ->
                switch (method.getName()) {
                    case "getNote" -> notes.get((String) args[0]);
                    case "setNote" -> notes.put((String) args[0], (String) args[1]);
                    default -> {
                        if (!answers.containsKey(method.getName())) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        yield answers.get(method.getName());
                    }
                }));
    }

    private static UserSessionModel session(String clearance, String country) {
        Map<String, List<String>> attributes = Map.of("clearance", List.of(clearance), "countryOfAffiliation", List.of(country));
        UserModel user = (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (p, method, args) -> switch (method.getName()) {
                    case "getFirstAttribute" -> attributes.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                    case "getUsername" -> "gbr-legacy";
                    case "getId" -> "id-1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        RealmModel realm = proxy(RealmModel.class, Map.of("getName", "dive-broker"), Map.of());
        return proxy(UserSessionModel.class, Map.of("getUser", user, "getRealm", realm), new HashMap<>());
    }

    /** Maps an ID token, the simplest of the token types that run the mapper. */
    private static IDToken issue(ClearanceMapper mapper, UserSessionModel session) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setConfig(Map.of("id.token.claim", "true"));
        return mapper.transformIDToken(new IDToken(), model, null, session, null);
    }

    @Test
    void oneWarningPerLoginForALegacyMarking() {
        ClearanceMapper mapper = new ClearanceMapper();
        UserSessionModel login = session("RESTRICTED", "GBR");
        IDToken first = issue(mapper, login);
        IDToken second = issue(mapper, login); // the access token, a refresh: the same session
        assertThat(first.getOtherClaims()).containsEntry("clearanceStatus", "legacy").containsEntry("clearance", "RESTRICTED");
        assertThat(second.getOtherClaims()).containsEntry("clearanceStatus", "legacy");
        assertThat(logged).singleElement().asString().startsWith("WARN DIVE legacy value: realm=dive-broker user=gbr-legacy")
                .contains("'RESTRICTED'").contains("legacy GBR marking");

        issue(mapper, session("RESTRICTED", "GBR"));
        assertThat(logged).as("the next login warns again").hasSize(2);
    }

    @Test
    void noWarningForACurrentMarking() {
        IDToken token = issue(new ClearanceMapper(), session("OFFICIAL-SENSITIVE", "GBR"));
        assertThat(token.getOtherClaims()).containsEntry("clearance", "RESTRICTED").doesNotContainKey("clearanceStatus");
        assertThat(logged).isEmpty();
    }
}
