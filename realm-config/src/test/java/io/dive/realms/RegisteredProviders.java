package io.dive.realms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.provider.ProviderFactory;

/**
 * The provider factories registered for one Keycloak SPI on the class path, as Keycloak finds them:
 * every {@code META-INF/services/<factory interface>} file (the DIVE modules' and keycloak-services'),
 * each factory instantiated and asked for its id. A factory that needs more of the server than this
 * class path holds (keycloak-services comes without its dependencies) is not loaded: its id is read
 * from the {@code PROVIDER_ID} constant of its class file.
 *
 * @param factories provider id → the factory class registering it
 * @param unloadable factories listed but with neither a loadable class nor a {@code PROVIDER_ID} constant
 */
record RegisteredProviders(Map<String, String> factories, List<String> unloadable) {

    static RegisteredProviders of(Class<?> factoryInterface) {
        Map<String, String> factories = new LinkedHashMap<>();
        List<String> unloadable = new ArrayList<>();
        ClassLoader loader = RegisteredProviders.class.getClassLoader();
        for (String className : listed(loader, "META-INF/services/" + factoryInterface.getName())) {
            try {
                Object factory = Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
                factories.put(((ProviderFactory<?>) factory).getId(), className);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                String id = ClassFileConstant.read(loader, className, "PROVIDER_ID");
                if (id != null) {
                    factories.put(id, className);
                } else {
                    unloadable.add(className + " (" + e + ")");
                }
            }
        }
        return new RegisteredProviders(factories, unloadable);
    }

    private static List<String> listed(ClassLoader loader, String resource) {
        List<String> names = new ArrayList<>();
        try {
            for (URL file : Collections.list(loader.getResources(resource))) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    reader.lines().map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty())
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
