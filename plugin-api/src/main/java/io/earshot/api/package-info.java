/**
 * The contract between the Earshot server and its plugins.
 *
 * <p>A <em>source</em> plugin contributes a {@link io.earshot.api.Source}: a stateless factory,
 * discovered by PF4J as an {@code @Extension}, that describes its configuration and creates
 * {@link io.earshot.api.SourceTask}s. The server runs one task per configured source on a thread
 * of its own, calls {@link io.earshot.api.SourceTask#poll()} on the source's schedule, pushes the
 * returned mentions through the enrichment pipeline into Elasticsearch and commits each
 * {@link io.earshot.api.Checkpoint} only after Elasticsearch has acknowledged every mention before
 * it. A restarted task resumes from the committed checkpoints; mention ids are deterministic, so a
 * replay overwrites instead of duplicating.
 *
 * <p>A <em>notifier</em> plugin contributes a {@link io.earshot.api.notify.Notifier} that delivers
 * {@link io.earshot.api.notify.Alert}s.
 *
 * <p>This module depends on the JDK, SLF4J and PF4J only. Plugins declare it, and PF4J, with
 * {@code provided} scope: the server supplies both at run time.
 */
package io.earshot.api;
