package io.dive.support.audit;

import io.dive.audit.AuditCollection;
import io.dive.audit.AuditSettings;
import io.dive.audit.AuditTrail;
import io.dive.support.metrics.AuditMeters;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * The {@code dive-audit} provider ({@code default}): one {@link AuditTrail} per Keycloak process,
 * opened at start (it replays a journal a killed process left) and flushed at shutdown.
 */
public final class DefaultAuditProviderFactory implements AuditProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultAuditProviderFactory.class);

    private AuditTrail trail;

    @Override
    public void init(Config.Scope config) {
        String home = System.getProperty("kc.home.dir", ".");
        AuditSettings settings = AuditSettings.from(config::get, Path.of(home, "data", "dive-audit"));
        trail = new AuditTrail(settings, Clock.systemUTC());
        AuditMeters.register(trail);
        LOG.infof("DIVE audit: %s", settings);
    }

    @Override
    public AuditTrail trail() {
        return trail;
    }

    @Override
    public AuditProvider create(KeycloakSession session) {
        return () -> trail;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        if (trail != null) {
            trail.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(AuditSettings.SINK).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("mongodb, file (JSON lines) or none (audit off); default mongodb with a connection string, else file")
                .add()
                .property().name(AuditSettings.CONNECTION_STRING).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("MongoDB connection string; unset: JSON lines in the file below. Pass credentials in the environment").add()
                .property().name(AuditSettings.DATABASE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("MongoDB database").defaultValue("dive_audit").add()
                .property().name(AuditSettings.RETENTION_DAYS).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Days a record is kept (every collection without its own setting)").defaultValue(90).add();
        for (AuditCollection collection : AuditCollection.values()) {
            builder.property().name(AuditSettings.retentionKey(collection)).type(ProviderConfigProperty.INTEGER_TYPE)
                    .helpText("Days a " + collection.collectionName() + " record is kept").add();
        }
        return builder
                .property().name(AuditSettings.BATCH_SIZE).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Records per insert").defaultValue(200).add()
                .property().name(AuditSettings.QUEUE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Records the journal holds not yet stored before it drops (and counts) new ones").defaultValue(1_000_000)
                .add()
                .property().name(AuditSettings.JOURNAL_DIR).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Folder of the write-ahead journal every record passes through").defaultValue("data/dive-audit").add()
                .property().name(AuditSettings.JOURNAL_FSYNC).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("none, interval or always: when the journal is forced to disk (a killed process loses nothing in any)")
                .defaultValue("interval").add()
                .property().name(AuditSettings.JOURNAL_FSYNC_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Milliseconds between forces with journalFsync interval").defaultValue(1_000).add()
                .property().name(AuditSettings.FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The JSON-lines file without MongoDB").defaultValue("<journalDir>/audit.jsonl").add()
                .property().name(AuditSettings.FILE_MAX_BYTES).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Size at which the JSON-lines file rotates").defaultValue(64L << 20).add()
                .property().name(AuditSettings.FILE_KEEP).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Rotated JSON-lines files kept").defaultValue(5).add()
                .property().name(AuditSettings.RETRY_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Milliseconds between replays of the journal while MongoDB is unreachable").defaultValue(2_000).add()
                .property().name(AuditSettings.SWEEP_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Seconds between retention sweeps where the server has no TTL indexes").defaultValue(3_600).add()
                .property().name(AuditSettings.CONNECT_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Milliseconds to wait for MongoDB before a batch counts as failed (retried)").defaultValue(2_000).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("audit", trail == null ? "not initialised" : trail.settings().toString());
    }
}
