package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySplitTest {

    @TempDir
    Path dir;

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @Test
    void sharesXorBackToTheKeyAndEachAloneRevealsNothingOfIt() {
        byte[] key = Crypto.random(32);
        Map<String, byte[]> shares = KeySplit.shares(key, List.of("a", "b", "b", "c"));
        assertThat(shares).containsOnlyKeys("a", "b", "c");
        assertThat(KeySplit.combine(new ArrayList<>(shares.values()))).isEqualTo(key);
        shares.values().forEach(share -> assertThat(share).isNotEqualTo(key));
        assertThat(KeySplit.shares(key, List.of("", "")).get("")).isEqualTo(key);
        assertThat(KeySplit.isSplit(List.of("", ""))).isFalse();
        assertThat(KeySplit.isSplit(List.of("s0", "s1"))).isTrue();
    }

    @Test
    void aFileSplitBetweenTwoKasNeedsBothSharesAndEachBindingIsKeyedByItsShare() throws Exception {
        KeyPair usa = rsa();
        KeyPair gbr = rsa();
        Path file = dir.resolve("split.ztdf");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ZtdfWriter().write(new ByteArrayInputStream("two nations must agree".getBytes(StandardCharsets.UTF_8)), out,
                    new ZtdfWriter.Request(ZtdfRoundTripTest.label(), List.of(
                            new KasRecipient("https://usa/kas", "u", "s0", KeyWrapper.rsaOaep(usa.getPublic(), KeyWrapping.OaepHash.SHA1)),
                            new KasRecipient("https://gbr/kas", "g", "s1", KeyWrapper.rsaOaep(gbr.getPublic(), KeyWrapping.OaepHash.SHA1))),
                            "text/plain", 1024));
        }
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThat(reader.keyAccessBySplit()).containsOnlyKeys("s0", "s1");
            List<byte[]> shares = new ArrayList<>();
            KeyPair[] kas = {usa, gbr};
            for (int i = 0; i < 2; i++) {
                KeyAccessObject kao = reader.keyAccessObjects().get(i);
                byte[] share = KeyWrapping.rsaOaepUnwrap(kas[i].getPrivate(), KeyWrapping.OaepHash.SHA1,
                        Base64.getDecoder().decode(kao.wrappedKey()));
                assertThat(kao.policyBinding().matches(share, reader.policy())).isTrue();
                shares.add(share);
            }
            assertThatThrownBy(() -> reader.decrypt(shares.get(0), new ByteArrayOutputStream(), done -> { }))
                    .isInstanceOf(ZtdfException.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.decrypt(KeySplit.combine(shares), out, done -> { });
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("two nations must agree");
        }
    }
}
