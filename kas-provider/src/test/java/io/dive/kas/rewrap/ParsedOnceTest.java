package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParsedOnceTest {

    private final AtomicInteger parses = new AtomicInteger();

    private Integer parse(String text) throws java.text.ParseException {
        parses.incrementAndGet();
        if (text == null || !text.chars().allMatch(Character::isDigit)) {
            throw new java.text.ParseException("not a number: " + text, 0);
        }
        return Integer.valueOf(text);
    }

    @Test
    void aTextThatParsedIsNotParsedAgain() throws Exception {
        ParsedOnce<Integer> once = new ParsedOnce<>(10, 100);
        assertThat(once.get("42", this::parse)).isEqualTo(42);
        assertThat(once.get("42", this::parse)).isEqualTo(42);
        assertThat(once.get("7", this::parse)).isEqualTo(7);
        assertThat(parses).hasValue(2);
    }

    @Test
    void aTextThatFailedFailsAgainEveryTime() {
        ParsedOnce<Integer> once = new ParsedOnce<>(10, 100);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> once.get("x", this::parse)).hasMessageContaining("not a number: x");
            assertThatThrownBy(() -> once.get(null, this::parse)).hasMessageContaining("not a number: null");
        }
        assertThat(parses).hasValue(4);
        assertThat(once.size()).isZero();
    }

    @Test
    void longTextsAreParsedEveryTimeAndAFullMemoIsEmptied() throws Exception {
        ParsedOnce<Integer> once = new ParsedOnce<>(2, 3);
        once.get("1234", this::parse);
        once.get("1234", this::parse);
        assertThat(parses).hasValue(2);
        assertThat(once.size()).isZero();
        once.get("1", this::parse);
        once.get("2", this::parse);
        once.get("3", this::parse);
        assertThat(once.size()).isEqualTo(1);
        assertThat(once.get("3", this::parse)).isEqualTo(3);
        assertThat(parses).hasValue(5);
    }
}
