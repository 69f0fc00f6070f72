package io.earshot.api;

/**
 * The tone of a mention, set by the server's sentiment stage.
 *
 * @param label {@code positive}, {@code neutral} or {@code negative}
 * @param score from -1 (most negative) to 1 (most positive)
 */
public record Sentiment(String label, double score) {

    public Sentiment {
        if (!"positive".equals(label) && !"neutral".equals(label) && !"negative".equals(label)) {
            throw new IllegalArgumentException("sentiment label must be positive, neutral or negative: " + label);
        }
        if (Double.isNaN(score) || score < -1 || score > 1) {
            throw new IllegalArgumentException("sentiment score must be within [-1, 1]: " + score);
        }
    }
}
