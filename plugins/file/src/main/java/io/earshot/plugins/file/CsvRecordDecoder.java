package io.earshot.plugins.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decodes CSV rows (RFC 4180 with any one-character delimiter): a field that starts with a quote
 * runs to the closing quote and may hold delimiters, line breaks and doubled quotes; a quote inside
 * an unquoted field is an ordinary character. Columns are found by the header row, by exact name,
 * else ignoring case.
 */
final class CsvRecordDecoder implements RecordDecoder {

    private static final char QUOTE = '"';
    private static final int MAX_COLUMNS_SHOWN = 30;

    private final char delimiter;
    private final List<String> header;
    private final int[] columns = new int[MentionField.all().size()];
    private final boolean[] used;
    private final Map<MentionField, String> names = new LinkedHashMap<>();

    /**
     * @param headerRow the first row of the file
     * @param mapping   the user's mapping; fields not in it are read from columns of their own name
     * @throws IllegalArgumentException when the mapping names a column the header does not have
     */
    CsvRecordDecoder(String headerRow, char delimiter, Map<MentionField, String> mapping) {
        this.delimiter = delimiter;
        List<String> names = new ArrayList<>();
        for (String name : split(headerRow, delimiter)) {
            names.add(name.replace("\uFEFF", "").strip());
        }
        this.header = List.copyOf(names);
        this.used = new boolean[header.size()];
        List<String> missing = new ArrayList<>();
        for (MentionField field : MentionField.all()) {
            String explicit = mapping.get(field);
            String name = explicit == null ? field.key() : explicit;
            int column = name.isEmpty() ? -1 : find(name);
            columns[field.ordinal()] = column;
            if (column >= 0) {
                used[column] = true;
                this.names.put(field, header.get(column));
            } else if (explicit != null && !explicit.isEmpty()) {
                missing.add("'" + explicit + "' (for " + field.key() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the mapping names " + (missing.size() == 1 ? "a column" : "columns")
                    + " the file's header does not have: " + String.join(", ", missing) + "; its columns are "
                    + columnList() + (delimiter == ',' ? "" : " (delimiter " + describe(delimiter) + ")"));
        }
    }

    /** The delimiter a header row uses: the most frequent of , ; tab | outside quotes; comma when none. */
    static char detectDelimiter(String headerRow) {
        char[] candidates = {',', ';', '\t', '|'};
        int[] counts = new int[candidates.length];
        boolean quoted = false;
        for (int i = 0; i < headerRow.length(); i++) {
            char c = headerRow.charAt(i);
            if (c == QUOTE) {
                quoted = !quoted;
            } else if (!quoted) {
                for (int k = 0; k < candidates.length; k++) {
                    if (c == candidates[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < candidates.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return candidates[best];
    }

    static String describe(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    List<String> header() {
        return header;
    }

    @Override
    public RecordFields decode(byte[] buf, int offset, int length) throws BadRecordException {
        String row = new String(buf, offset, length, StandardCharsets.UTF_8);
        List<String> values = split(row, delimiter);
        int n = values.size();
        while (n > header.size() && values.get(n - 1).isBlank()) {
            n--;
        }
        if (n != header.size()) {
            throw new BadRecordException(n + (n == 1 ? " column" : " columns") + " where the header has "
                    + header.size() + (delimiter == ',' ? "" : " (delimiter " + describe(delimiter) + ")"));
        }
        return new Fields(values);
    }

    @Override
    public String describe(MentionField field) {
        String name = names.get(field);
        return "column '" + (name == null ? field.key() : name) + "'";
    }

    /** The fields of a row, quotes removed. */
    static List<String> split(String row, char delimiter) {
        List<String> out = new ArrayList<>();
        int n = row.length();
        int i = 0;
        while (true) {
            if (i < n && row.charAt(i) == QUOTE) {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    char c = row.charAt(i);
                    if (c == QUOTE) {
                        if (i + 1 < n && row.charAt(i + 1) == QUOTE) {
                            b.append(QUOTE);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(c);
                    i++;
                }
                while (i < n && row.charAt(i) != delimiter) {
                    b.append(row.charAt(i++));
                }
                out.add(b.toString());
            } else {
                int next = row.indexOf(delimiter, i);
                if (next < 0) {
                    next = n;
                }
                out.add(row.substring(i, next));
                i = next;
            }
            if (i >= n) {
                return out;
            }
            i++;
            if (i == n) {
                out.add("");
                return out;
            }
        }
    }

    private int find(String name) {
        int exact = header.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private String columnList() {
        String shown = header.stream().limit(MAX_COLUMNS_SHOWN).map(h -> "'" + h + "'").collect(Collectors.joining(", "));
        return header.size() > MAX_COLUMNS_SHOWN ? shown + " and " + (header.size() - MAX_COLUMNS_SHOWN) + " more" : shown;
    }

    private final class Fields implements RecordFields {
        private final List<String> values;

        Fields(List<String> values) {
            this.values = values;
        }

        @Override
        public String text(MentionField field) {
            int column = columns[field.ordinal()];
            if (column < 0) {
                return null;
            }
            String v = values.get(column);
            return v.isEmpty() ? null : v;
        }

        @Override
        public Number number(MentionField field) {
            return null;
        }

        @Override
        public Map<String, Object> extras() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && out.size() < Extras.MAX_ENTRIES; i++) {
                String v = values.get(i);
                if (!used[i] && !v.isBlank() && !header.get(i).isEmpty()) {
                    out.putIfAbsent(header.get(i), Extras.cut(v));
                }
            }
            return out;
        }
    }
}
