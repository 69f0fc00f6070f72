/**
 * The Bluesky source ({@code bluesky}): posts with the user's keywords or hashtags, followed live
 * on Jetstream (matched locally) or found with {@code app.bsky.feed.searchPosts} and an app
 * password.
 *
 * <ul>
 *   <li>{@link io.earshot.plugins.bluesky.BlueskySource}: the extension, its settings and their checks.</li>
 *   <li>{@code BlueskySourceTask}: runs the {@code JetstreamReader} and/or the {@code SearchReader}.</li>
 *   <li>{@code JetstreamConnection}: the WebSocket subscription with flow control and reconnection.</li>
 *   <li>{@code Session}, {@code Xrpc}, {@code Pacer}: signing in, calls, rate limits, pacing.</li>
 *   <li>{@code Matcher}, {@code PostContent}, {@code PostMapper}, {@code Profiles}: which posts, and
 *       what a post becomes (id {@code bluesky:<did>/<rkey>} whichever way it came).</li>
 *   <li>{@code SearchPosition}: the checkpoint position of a query; Jetstream's is its {@code time_us}.</li>
 * </ul>
 */
package io.earshot.plugins.bluesky;
