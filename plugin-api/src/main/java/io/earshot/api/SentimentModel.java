package io.earshot.api;

import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Scores the tone of a text. The server ships an offline default; a plugin can contribute a better
 * model (e.g. a transformer run with ONNX) and users choose which one runs for which languages.
 *
 * <p>Implementations are PF4J extensions, shared by every source thread: thread-safe, and fast
 * enough to run on every mention (well under a millisecond for the default; a heavier model should
 * say so in its description and batch internally if it needs to).
 */
public interface SentimentModel extends ExtensionPoint {

    /** A stable name, e.g. {@code earshot-lexicon-v1}, stored with nothing but shown in the API. */
    String name();

    /** A sentence for users: what it is, which languages it knows, how fast it is. */
    String description();

    /** ISO 639-1 codes this model handles; an empty set means it tries any language. */
    Set<String> languages();

    /**
     * @param text plain text (title and body of a mention)
     * @param lang the mention's ISO 639-1 language, or {@code null} when unknown
     * @return the label and a score in [-1, 1], or {@code null} when the model cannot tell (an
     *         unsupported language, no words it knows)
     */
    Sentiment analyze(String text, String lang);
}
