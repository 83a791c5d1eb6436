package io.dive.authenticators.otp.store;

import io.dive.redis.RedisProvider;
import java.time.Duration;

/**
 * The OTP flows' three Redis stores over the {@code dive-redis} connection and key prefix, and the
 * pending secrets' lifetime from the same settings. Building it opens the pool if nothing has yet.
 */
public record OtpStores(PendingSecretStore pendingSecrets, UsedCodeStore usedCodes, ActivationCodeStore activationCodes,
        Duration pendingSecretTtl) {

    public static OtpStores of(RedisProvider redis) {
        String prefix = redis.settings().keyPrefix();
        var client = redis.client();
        return new OtpStores(new PendingSecretStore(client, prefix), new UsedCodeStore(client, prefix),
                new ActivationCodeStore(client, prefix), redis.settings().pendingSecretTtl());
    }
}
