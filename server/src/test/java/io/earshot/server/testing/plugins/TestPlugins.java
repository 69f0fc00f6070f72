package io.earshot.server.testing.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds real PF4J plugin zips from test classes, the way the build packages plugins. */
public final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * Writes {@code <dir>/<id>.zip} holding plugin.properties and lib/plugin.jar with the classes
     * (and their nested classes) and an extension index naming {@code extensions}.
     */
    public static Path build(Path dir, String id, List<Class<?>> extensions, List<Class<?>> classes) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve(id + ".zip");
        byte[] jar = jar(extensions, classes);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "plugin.properties", ("plugin.id=" + id + "\nplugin.version=1.0.0\nplugin.provider=tests\n"
                    + "plugin.description=test plugin " + id + "\nplugin.requires=>=0.1.0\n").getBytes(StandardCharsets.UTF_8));
            put(out, "lib/" + id + ".jar", jar);
        }
        return zip;
    }

    /** A file that claims to be a plugin but is not a zip at all. */
    public static Path garbage(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name + ".zip"), "this is not a zip".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] jar(List<Class<?>> extensions, List<Class<?>> classes) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            StringBuilder idx = new StringBuilder();
            extensions.forEach(c -> idx.append(c.getName()).append('\n'));
            put(out, "META-INF/extensions.idx", idx.toString().getBytes(StandardCharsets.UTF_8));
            List<Class<?>> all = new ArrayList<>(classes);
            for (Class<?> c : classes) {
                all.addAll(List.of(c.getDeclaredClasses()));
            }
            for (Class<?> c : all) {
                String path = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
                    if (in == null) {
                        throw new IOException("class file not found: " + path);
                    }
                    put(out, path, in.readAllBytes());
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
