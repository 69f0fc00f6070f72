package io.earshot.plugins.rss;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import org.jdom2.DefaultJDOMFactory;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.JDOMFactory;
import org.jdom2.input.JDOMParseException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.SAXHandler;
import org.jdom2.input.sax.XMLReaders;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Builds JDOM documents from text that strangers wrote, safely. A document type declaration is
 * allowed (old RSS 0.91 feeds carry one, some feeds declare HTML entities in it), but:
 * <ul>
 *   <li>nothing outside the document is ever read: no external DTD, no external entity. A feed that
 *       <em>declares</em> an external entity (the XXE attack, e.g. {@code SYSTEM "file:///etc/passwd"})
 *       is refused outright, before parsing. The one exception, never loaded either, is a parameter
 *       entity importing one of the W3C's HTML entity sets ({@code PUBLIC "-//W3C//ENTITIES Latin 1
 *       for XHTML//EN"}), as some old feeds do: {@link XmlRepair} supplies those entities;</li>
 *   <li>entities that would expand to more than {@value #MAX_ENTITY_CHARS} characters (the
 *       "billion laughs" attack) are refused when they are declared, before any expansion, and all
 *       expansions in a document together stay under {@value #MAX_EXPANDED_CHARS} characters.</li>
 * </ul>
 * Thread-safe: every call builds its own parser.
 */
final class SafeXml {

    /** Largest expansion of one declared entity, in characters. */
    static final long MAX_ENTITY_CHARS = 100_000;
    /** Largest sum of all entity expansions in one document, in characters. */
    static final long MAX_EXPANDED_CHARS = 2_000_000;
    private static final int MAX_DECLARED_ENTITIES = 5_000;
    private static final Pattern EXTERNAL_ENTITY = Pattern.compile(
            "<!ENTITY\\s+(%\\s+)?\\S+\\s+(?:SYSTEM|PUBLIC\\s*(?:\"([^\"]*)\"|'([^']*)'))\\s*(?:\"([^\"]*)\"|'([^']*)')");
    /** Public ids of the W3C's HTML entity sets, which old feeds import; never loaded, and harmless. */
    private static final String W3C_ENTITY_SETS = "-//W3C//ENTITIES ";
    private static final Pattern REFERENCE = Pattern.compile("&([^;&\\s]+);");

    private SafeXml() {
    }

    /**
     * @throws FeedProblem.MalformedXml when the text is not well-formed XML
     * @throws FeedProblem              when the text tries an entity attack
     */
    static Document parse(String xml) throws FeedProblem {
        refuseExternalEntities(xml);
        SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING, GuardedHandler::new, new DefaultJDOMFactory());
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        builder.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new Refused(externalEntityMessage(systemId));
        });
        builder.setExpandEntities(true);
        builder.setReuseParser(false);
        try {
            return builder.build(new StringReader(xml));
        } catch (RefusedEntity e) {
            throw new FeedProblem(e.getMessage());
        } catch (JDOMException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new FeedProblem.MalformedXml("could not be read as XML: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a document whose type declaration declares an external entity (general or
     * parameter), before any parser sees it.
     */
    private static void refuseExternalEntities(String xml) throws FeedProblem {
        String doctype = doctype(xml);
        if (doctype != null) {
            Matcher m = EXTERNAL_ENTITY.matcher(doctype);
            while (m.find()) {
                String publicId = m.group(2) != null ? m.group(2) : m.group(3);
                boolean htmlEntitySet = m.group(1) != null && publicId != null && publicId.startsWith(W3C_ENTITY_SETS);
                if (!htmlEntitySet) {
                    throw new FeedProblem(externalEntityMessage(m.group(4) != null ? m.group(4) : m.group(5)));
                }
            }
        }
    }

    /** The document type declaration in the prolog, or null. */
    static String doctype(String xml) {
        int i = 0;
        int n = xml.length();
        while (i < n) {
            char c = xml.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (xml.startsWith("<?", i) || xml.startsWith("<!--", i)) {
                i = XmlRepair.skipVerbatim(xml, i);
            } else if (xml.startsWith("<!DOCTYPE", i)) {
                return xml.substring(i, XmlRepair.skipVerbatim(xml, i));
            } else {
                return null;
            }
        }
        return null;
    }

    private static FeedProblem translate(JDOMException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused || t instanceof RefusedEntity) {
                return new FeedProblem(t.getMessage());
            }
            if (t.getMessage() != null && t.getMessage().contains("JAXP0001")) {
                // the JDK's own limits (entity expansions, sizes), should ours ever be passed
                return new FeedProblem(expansionMessage());
            }
        }
        String detail = e.getMessage();
        if (e.getCause() instanceof SAXParseException spe && spe.getMessage() != null) {
            detail = spe.getMessage();
        }
        String where = "";
        if (e instanceof JDOMParseException pe && pe.getLineNumber() > 0) {
            where = "line " + pe.getLineNumber() + (pe.getColumnNumber() > 0 ? ", column " + pe.getColumnNumber() : "")
                    + ": ";
        }
        return new FeedProblem.MalformedXml("not well-formed XML (" + where + clean(detail) + ")", e);
    }

    private static String clean(String detail) {
        if (detail == null) {
            return "unreadable";
        }
        String d = detail.replaceFirst("^Error on line \\d+( of document [^:]*)?: ", "").strip();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.length() > 300 ? d.substring(0, 300) + "…" : d;
    }

    static String externalEntityMessage(String systemId) {
        String target = systemId == null ? "" : systemId.strip();
        if (target.length() > 120) {
            target = target.substring(0, 120) + "…";
        }
        return "refused: the feed declares an external entity" + (target.isEmpty() ? "" : " (" + target + ")")
                + ", which could read files on the server or other sites (an XXE attack); such feeds are never read";
    }

    static String expansionMessage() {
        return String.format(Locale.ROOT, "refused: the feed declares entities that expand to more than %,d characters "
                + "(an entity expansion or \"billion laughs\" attack)", MAX_ENTITY_CHARS);
    }

    /** A refusal from a SAX callback that may throw {@link SAXException}. */
    private static final class Refused extends SAXException {
        Refused(String message) {
            super(message);
        }
    }

    /** A refusal from a SAX callback that may not throw checked exceptions. */
    private static final class RefusedEntity extends RuntimeException {
        RefusedEntity(String message) {
            super(message, null, false, false);
        }
    }

    /** JDOM's handler, with the entity checks. */
    private static final class GuardedHandler extends SAXHandler {
        private final Map<String, Long> sizes = new HashMap<>();
        private long expanded;

        GuardedHandler(JDOMFactory factory) {
            super(factory);
        }

        @Override
        public void externalEntityDecl(String name, String publicId, String systemId) throws SAXException {
            if (!name.startsWith("%") || publicId == null || !publicId.startsWith(W3C_ENTITY_SETS)) {
                throw new Refused(externalEntityMessage(systemId));
            }
        }

        @Override
        public void unparsedEntityDecl(String name, String publicId, String systemId, String notationName) {
            throw new RefusedEntity(externalEntityMessage(systemId));
        }

        @Override
        public void internalEntityDecl(String name, String value) {
            if (!name.startsWith("%")) {
                if (sizes.size() >= MAX_DECLARED_ENTITIES) {
                    throw new RefusedEntity(expansionMessage());
                }
                long size = expandedSize(value);
                if (size > MAX_ENTITY_CHARS) {
                    throw new RefusedEntity(expansionMessage());
                }
                sizes.putIfAbsent(name, size);
            }
            super.internalEntityDecl(name, value);
        }

        /** The value's length with every reference to a declared entity replaced by that entity's size. */
        private long expandedSize(String value) {
            long size = value.length();
            Matcher m = REFERENCE.matcher(value);
            while (m.find() && size <= MAX_ENTITY_CHARS) {
                Long ref = sizes.get(m.group(1));
                if (ref != null) {
                    size += ref - m.group().length();
                }
            }
            return size;
        }

        @Override
        public void startEntity(String name) throws SAXException {
            Long size = sizes.get(name);
            if (size != null) {
                expanded += Math.max(size, 1);
                if (expanded > MAX_EXPANDED_CHARS) {
                    throw new Refused(expansionMessage());
                }
            }
            super.startEntity(name);
        }
    }
}
