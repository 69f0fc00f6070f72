package io.earshot.api.config;

/**
 * The value types a {@link ConfigKey} can have, with the Java type {@link Config#get(ConfigKey)}
 * returns and what is accepted in JSON or YAML (and, for server settings, in environment
 * variables, where every value arrives as a string).
 */
public enum ConfigType {
    /** {@link String}, one line. */
    STRING,
    /** {@link String}, may span lines (an OPML document, a query). */
    TEXT,
    /** {@link Integer}; a JSON number or a numeric string. */
    INT,
    /** {@link Long}; a JSON number or a numeric string. */
    LONG,
    /** {@link Double}; a JSON number or a numeric string. */
    DOUBLE,
    /** {@link Boolean}; {@code true}/{@code false}, also as strings. */
    BOOLEAN,
    /** {@link java.time.Duration}; "500ms", "30s", "5m", "1h30m", "2d", ISO-8601 "PT5M", or a number of seconds. */
    DURATION,
    /** {@link java.net.URI}, absolute http or https. */
    URL,
    /** {@code List<String>}; a JSON array of strings, or one string split at commas and new lines. */
    LIST,
    /** {@code Map<String, String>}; a JSON object with string values. */
    MAP,
    /** {@link String}, one of {@link ConfigKey#allowedValues()} (matched ignoring case). */
    ENUM,
    /** {@link Secret}; a string that is masked everywhere it could be shown. */
    SECRET
}
