package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void lineBreaksAndTerminalEscapesCannotForgeALineOrRepaintTheScreen() {
        String forged = "policy-0\r\n2026-01-01 INFO [io.dive.kas.audit] {\"outcome\":\"PERMIT\"}\u001b[2K\u001b[1A";
        String safe = SafeText.of(forged);
        assertThat(safe).doesNotContain("\r", "\n", "\u001b")
                .isEqualTo("policy-0\\u000d\\u000a2026-01-01 INFO [io.dive.kas.audit] {\"outcome\":\"PERMIT\"}"
                        + "\\u001b[2K\\u001b[1A");
    }

    @Test
    void invisibleFormatCharactersAndUnicodeLineSeparatorsAreEscapedToo() {
        assertThat(SafeText.of("TOP\u202eTERCES\u2028x\u200d")).isEqualTo("TOP\\u202eTERCES\\u2028x\\u200d");
        assertThat(SafeText.isPrintable("SECRET DÉFENSE")).isTrue();
        assertThat(SafeText.isPrintable("SECRET\u001b[0m")).isFalse();
        assertThat(SafeText.isPrintable(null)).isFalse();
    }

    @Test
    void ordinaryTextIsUnchangedAndLongValuesAreBounded() {
        assertThat(SafeText.of("https://kas.example/realms/dive-broker/kas")).isEqualTo("https://kas.example/realms/dive-broker/kas");
        assertThat(SafeText.of(null)).isEqualTo("null");
        String longValue = "a".repeat(10_000);
        assertThat(SafeText.of(longValue)).hasSize(SafeText.LOG_LENGTH + 1).endsWith("…");
        assertThat(SafeText.of("ab\ncd", 3)).isEqualTo("ab\\u000a…");
    }
}
