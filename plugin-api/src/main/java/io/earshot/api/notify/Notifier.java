package io.earshot.api.notify;

import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.ValidationResult;
import org.pf4j.ExtensionPoint;

/**
 * Delivers alerts somewhere people will see them: a webhook, Slack, e-mail, a Telegram chat.
 *
 * <p>Implementations are PF4J extensions and must be stateless and thread-safe: the server may call
 * {@link #send(Alert, Config)} for different alerts concurrently, from worker threads (never the
 * event loop), and retries on its own.
 */
public interface Notifier extends ExtensionPoint {

    /** Type, name and description, as listed by {@code GET /api/v1/notifier-types}. */
    NotifierDescriptor descriptor();

    /** The configuration a channel of this type accepts (URL, credentials, recipients). */
    ConfigSpec configSpec();

    /** Cross-field checks after the spec accepted the configuration; no network I/O. */
    default ValidationResult validate(Config config) {
        return ValidationResult.valid();
    }

    /**
     * Delivers one alert notification (a new alert, an escalation or a recovery: see
     * {@link Alert#transition()}). Blocks until delivered or failed, within about 30 seconds.
     *
     * @throws TemporaryNotificationException when a later retry may succeed (timeouts, 429, 5xx);
     *                                        the server retries with backoff
     * @throws PermanentNotificationException when retrying cannot help (bad URL, rejected
     *                                        credentials, 4xx); the server records why and gives up
     */
    void send(Alert alert, Config config) throws NotificationException;
}
