package com.example.earshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.Mention;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's own test: a real local HTTP server replays the API. */
class ExampleSourceTest {

    @Test
    void new_items_become_mentions_and_a_restart_resumes_after_the_last_one() throws Exception {
        try (ReplayServer api = ReplayServer.start()) {
            api.on("/items").respond(r -> "2".equals(r.param("since"))
                    ? Reply.ok("application/json", "{\"items\": []}")
                    : Reply.ok("application/json", """
                            {"items": [
                              {"id": "2", "text": "Второй пост про Acme", "author": "Анна", "createdAt": "2026-11-20T10:01:00Z"},
                              {"id": "1", "text": "First post about Acme", "author": "Bob", "createdAt": "2026-11-20T10:00:00Z"}
                            ]}"""));
            TestTaskContext context = TestTaskContext.forSource(new ExampleSource(),
                    Map.of("url", api.uri("/items").toString()));
            try (TaskDriver driver = TaskDriver.start(new ExampleSource(), context)) {
                List<Mention> mentions = driver.drain(5);
                assertThat(mentions).extracting(Mention::id).containsExactly("example:1", "example:2");
                assertThat(mentions.get(1).text()).isEqualTo("Второй пост про Acme");
            }
            try (TaskDriver restarted = TaskDriver.start(new ExampleSource(), context.restarted())) {
                assertThat(restarted.drain(5)).isEmpty();
                assertThat(api.requests("/items").getLast().param("since")).isEqualTo("2");
            }
        }
    }

    @Test
    void a_rejected_token_is_reported_plainly() {
        try (ReplayServer api = ReplayServer.start()) {
            api.on("/items").respond(Reply.status(401, "bad token"));
            TestTaskContext context = TestTaskContext.forSource(new ExampleSource(),
                    Map.of("url", api.uri("/items").toString(), "token", "wrong"));
            try (TaskDriver driver = TaskDriver.start(new ExampleSource(), context)) {
                assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                        .hasMessageStartingWith("credentials rejected by Example API");
            }
        }
    }
}
