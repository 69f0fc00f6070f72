/**
 * The Mastodon source ({@code mastodon}): public statuses with chosen hashtags, or whole local or
 * federated public timelines, from the Mastodon instances a user lists, polled over the REST API
 * and optionally followed live over the streaming API.
 *
 * <ul>
 *   <li>{@link io.earshot.plugins.mastodon.MastodonSource}: the extension, its settings and their checks.</li>
 *   <li>{@code MastodonSourceTask}: reads every (instance, timeline) partition forward from its
 *       checkpoint, streams, catches up after reconnections, reports health and rate limits.</li>
 *   <li>{@code TimelineApi}, {@code RateLimits}: REST pages, {@code Link} cursors, errors, the
 *       {@code X-RateLimit-*} headers and request pacing per instance.</li>
 *   <li>{@code TimelineStream}: one server-sent events connection, reconnecting on its own.</li>
 *   <li>{@code StatusMapper}, {@code StatusHtml}: a status to a mention (id from the status uri, so
 *       one mention across instances).</li>
 *   <li>{@code TimelinePosition}: the checkpoint position.</li>
 * </ul>
 */
package io.earshot.plugins.mastodon;
