package io.earshot.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void readsCountsAsExportsWriteThem() {
        assertThat(Values.count("1234")).isEqualTo(1234L);
        assertThat(Values.count("1,234")).isEqualTo(1234L);
        assertThat(Values.count("1 234 567")).isEqualTo(1_234_567L);
        assertThat(Values.count("1\u202F234")).isEqualTo(1234L);
        assertThat(Values.count("12.0")).isEqualTo(12L);
        assertThat(Values.count("1.2K")).isEqualTo(1200L);
        assertThat(Values.count("3M")).isEqualTo(3_000_000L);
        assertThat(Values.count(7.0)).isEqualTo(7L);
    }

    @Test
    void placeholdersAndNegativeValuesAreUnknown() {
        assertThat(Values.count("")).isNull();
        assertThat(Values.count("n/a")).isNull();
        assertThat(Values.count("-")).isNull();
        assertThat(Values.count("-5")).isNull();
        assertThat(Values.count(-5)).isNull();
        assertThat(Values.count("1.2.3")).isNull();
    }

    @Test
    void readsFlags() {
        assertThat(Values.flag("True")).isTrue();
        assertThat(Values.flag("1")).isTrue();
        assertThat(Values.flag("no")).isFalse();
        assertThat(Values.flag("maybe")).isNull();
    }
}
