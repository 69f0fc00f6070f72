package io.earshot.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-03-01T10:15:30Z                 | 2024-03-01T10:15:30Z",
            "2024-03-01T10:15:30.123456Z          | 2024-03-01T10:15:30.123456Z",
            "2024-03-01T12:15:30+02:00            | 2024-03-01T10:15:30Z",
            "2024-03-01T12:15:30+0200             | 2024-03-01T10:15:30Z",
            "2024-03-01T11:15:30+01:00[Europe/Paris] | 2024-03-01T10:15:30Z",
            "2024-03-01T10:15:30                  | 2024-03-01T10:15:30Z",
            "2024-03-01T10:15                     | 2024-03-01T10:15:00Z",
            "2024-03-01 10:15:30                  | 2024-03-01T10:15:30Z",
            "2024-03-01 10:15:30.5                | 2024-03-01T10:15:30.500Z",
            "2024-03-01 10:15:30 UTC              | 2024-03-01T10:15:30Z",
            "2024-03-01 12:15:30 +02:00           | 2024-03-01T10:15:30Z",
            "2024/03/01 10:15:30                  | 2024-03-01T10:15:30Z",
            "2024-03-01                           | 2024-03-01T00:00:00Z",
            "'Fri, 1 Mar 2024 10:15:30 GMT'       | 2024-03-01T10:15:30Z",
            "'Fri, 01 Mar 2024 11:15:30 +0100'    | 2024-03-01T10:15:30Z",
            "Fri Mar 01 10:15:30 +0000 2024       | 2024-03-01T10:15:30Z",
            "1709288130                           | 2024-03-01T10:15:30Z",
            "1709288130.25                        | 2024-03-01T10:15:30.250Z",
            "1709288130000                        | 2024-03-01T10:15:30Z",
            "1709288130123456                     | 2024-03-01T10:15:30.123456Z",
            "' 2024-03-01T10:15:30Z '             | 2024-03-01T10:15:30Z",
    })
    void readsTheFormsExportsUse(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "yesterday", "31/12/2024", "2024-13-01T00:00:00Z", "2024-02-30", "12:00", "NaN",
            "99999999999999999999999999"})
    void givesNothingForWhatItDoesNotUnderstand(String text) {
        assertThat(Timestamps.parse(text)).isNull();
    }

    @Test
    void readsJsonNumbersBySize() {
        assertThat(Timestamps.fromNumber(1709288130L)).isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
        assertThat(Timestamps.fromNumber(1709288130500L)).isEqualTo(Instant.parse("2024-03-01T10:15:30.500Z"));
        assertThat(Timestamps.fromNumber(1709288130.5)).isEqualTo(Instant.parse("2024-03-01T10:15:30.500Z"));
        assertThat(Timestamps.fromNumber(new BigDecimal("1709288130.000001"))).isEqualTo(Instant.parse("2024-03-01T10:15:30.000001Z"));
        assertThat(Timestamps.fromNumber(Double.NaN)).isNull();
    }
}
