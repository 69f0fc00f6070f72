package io.earshot.api.notify;

import java.util.List;
import java.util.Map;

/**
 * Why an alert fired, in numbers a person can check.
 *
 * @param count          what was observed in the window (mentions, negative mentions, ...)
 * @param baseline       what was expected for the window
 * @param ratio          count / baseline, when meaningful
 * @param zScore         how unusual the count is against the baseline's spread, when computed
 * @param topTerms       the terms and hashtags most over-represented in the window
 * @param topAuthors     the authors with most mentions or reach in the window
 * @param topSources     the sources or domains with most mentions in the window
 * @param sentimentSplit mentions per sentiment label in the window
 * @param samples        a few representative mentions, with links
 */
public record AlertExplanation(double count, double baseline, Double ratio, Double zScore,
                               List<Count> topTerms, List<Count> topAuthors, List<Count> topSources,
                               Map<String, Long> sentimentSplit, List<Sample> samples) {

    public AlertExplanation {
        topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
        topAuthors = topAuthors == null ? List.of() : List.copyOf(topAuthors);
        topSources = topSources == null ? List.of() : List.copyOf(topSources);
        sentimentSplit = sentimentSplit == null ? Map.of() : Map.copyOf(sentimentSplit);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** A value and how often it occurred. */
    public record Count(String value, long count) {
    }

    /** A mention shown as an example. */
    public record Sample(String id, String url, String title, String text, String author, String platform) {
    }
}
