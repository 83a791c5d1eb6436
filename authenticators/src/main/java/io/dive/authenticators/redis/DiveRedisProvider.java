package io.dive.authenticators.redis;

import io.dive.authenticators.otp.PendingSecretStore;
import org.keycloak.provider.Provider;

/** Access to the DIVE Redis for one Keycloak session. */
public interface DiveRedisProvider extends Provider {

    /** The settings in force (host, port, prefix, TTL, ...). */
    RedisSettings settings();

    /** The pending-secret store; the first use opens the connection pool. */
    PendingSecretStore pendingSecrets();

    /** True when Redis answers PING now (for health endpoints); never throws. */
    boolean reachable();
}
