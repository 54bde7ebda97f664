package io.github.terminable.tck.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Where classes come from: the jar or directory of a class, and resources read straight from
 * such a location (not through a class loader, so that another jar's copy cannot answer).
 */
public final class Locations {

    private Locations() {
    }

    /**
     * Returns the jar or class directory {@code type} was loaded from.
     *
     * @param type the class
     * @return its location
     * @throws IllegalStateException if the class has no code source (a JDK class)
     */
    public static Path of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException(type + " has no code source");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad code source of " + type + ": " + source.getLocation(), e);
        }
    }

    /**
     * Reads a resource from a jar or class directory.
     *
     * @param location the jar or directory
     * @param resource the resource path, such as {@code META-INF/services/x}
     * @return its text, if present
     */
    public static Optional<String> read(Path location, String resource) {
        try {
            if (Files.isDirectory(location)) {
                Path file = location.resolve(resource);
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                ZipEntry entry = jar.getEntry(resource);
                if (entry == null) {
                    return Optional.empty();
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from " + location, e);
        }
    }
}
