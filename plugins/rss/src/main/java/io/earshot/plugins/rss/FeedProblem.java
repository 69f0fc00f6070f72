package io.earshot.plugins.rss;

/**
 * Why one feed could not be read, in words for the user (shown next to the feed's URL in the
 * source's health): "not well-formed XML (line 3: ...)", "the feed is larger than the 10 MB limit".
 */
class FeedProblem extends Exception {

    FeedProblem(String message) {
        super(message, null, false, false);
    }

    FeedProblem(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The document is not well-formed XML. */
    static final class MalformedXml extends FeedProblem {
        MalformedXml(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
