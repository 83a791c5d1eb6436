package io.dive.authenticators.otp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PendingSecretEncryptionTest {

    private static final SecretKey KEY = new SecretKeySpec(new byte[16], "AES");
    private static final byte[] SECRET = "JBSWY3DPEHPK3PXP".getBytes(StandardCharsets.US_ASCII);

    @Test
    void roundTripsUnderTheSameKeyAndBinding() throws GeneralSecurityException {
        String sealed = PendingSecretStore.encrypt(SECRET, KEY, "dive:otp:pending:r:u:s");
        assertThat(sealed).startsWith("v1.").doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(PendingSecretStore.decrypt(sealed, KEY, "dive:otp:pending:r:u:s")).isEqualTo(SECRET);
    }

    @Test
    void aValueMovedToAnotherBindingDoesNotDecrypt() {
        String sealed = PendingSecretStore.encrypt(SECRET, KEY, "dive:otp:pending:r:alice:s");
        assertThatThrownBy(() -> PendingSecretStore.decrypt(sealed, KEY, "dive:otp:pending:r:mallory:s"))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherKeyOrATamperedValueDoesNotDecrypt() {
        String sealed = PendingSecretStore.encrypt(SECRET, KEY, "k");
        SecretKey other = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "AES");
        assertThatThrownBy(() -> PendingSecretStore.decrypt(sealed, other, "k")).isInstanceOf(GeneralSecurityException.class);
        char flipped = sealed.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = sealed.substring(0, 10) + flipped + sealed.substring(11);
        assertThatThrownBy(() -> PendingSecretStore.decrypt(tampered, KEY, "k")).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> PendingSecretStore.decrypt("plain", KEY, "k")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        assertThat(PendingSecretStore.encrypt(SECRET, KEY, "k")).isNotEqualTo(PendingSecretStore.encrypt(SECRET, KEY, "k"));
    }

    @Test
    void bindingsCannotContainTheSeparator() {
        assertThatThrownBy(() -> new PendingSecretStore.Binding("realm", "user:x", "session"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
