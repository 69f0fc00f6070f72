package io.earshot.plugins.x;

import static io.earshot.plugins.x.FakeX.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A restarted task resumes from the committed checkpoints: nothing is missed and nothing collected twice. */
class ResumeTest {

    private final FakeX x = new FakeX();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        x.close();
    }

    @Test
    void a_restart_between_two_pages_goes_on_with_the_next_page() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json")).thenOnce(ok("search-later.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        List<Mention> all = new ArrayList<>();
        try (TaskDriver driver = FakeX.start(context)) {
            all.addAll(driver.pollMentions());
        }
        clock.advance(Duration.ofMinutes(2));
        TestTaskContext second = context.restarted();
        try (TaskDriver driver = FakeX.start(second)) {
            all.addAll(driver.drain(5));
        }
        clock.advance(Duration.ofMinutes(20));
        try (TaskDriver driver = FakeX.start(second.restarted())) {
            all.addAll(driver.drain(5));
        }

        assertThat(all).extracting(Mention::nativeId).doesNotHaveDuplicates().containsExactly(SearchTest.POLISH,
                SearchTest.GREEK_REPLY, SearchTest.REPOST, SearchTest.QUOTE, SearchTest.MEDIA, SearchTest.RUSSIAN,
                SearchTest.PERSIAN, SearchTest.LATER, SearchTest.EDIT_ORIGINAL);
        assertThat(x.requests().get(1).param("next_token")).isEqualTo("b26v89c19zqg8o3fpds6r3kn0pyuo2mws3d2o8yq2bpdp");
        assertThat(x.requests().get(1).param("start_time")).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(x.requests().get(2).param("since_id")).isEqualTo(SearchTest.POLISH);
    }

    @Test
    void what_was_read_but_never_stored_is_read_again_after_a_crash() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        List<Mention> lost;
        try (TaskDriver driver = FakeX.start(context)) {
            lost = FakeX.mentions(driver.task().poll());
        }
        List<Mention> again;
        try (TaskDriver driver = FakeX.start(context.restarted())) {
            again = driver.drain(5);
        }

        assertThat(lost).hasSize(5);
        assertThat(again).hasSize(7);
        assertThat(x.requests().get(1).param("next_token")).isNull();
        assertThat(x.requests().get(1).param("start_time")).isEqualTo("2026-11-20T09:00:00Z");
    }
}
