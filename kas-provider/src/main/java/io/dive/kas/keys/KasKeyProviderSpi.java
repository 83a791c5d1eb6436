package io.dive.kas.keys;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The KAS key provider SPI ({@code dive-kas-keys}). Providers are configured with
 * {@code --spi-dive-kas-keys--<provider>--<option>}; a realm picks one with its
 * {@code dive.kas.keyProvider} attribute, else gets the SPI's default ({@code software}, or the one
 * {@code --spi-dive-kas-keys--provider-default} names).
 */
public final class KasKeyProviderSpi implements Spi {

    public static final String NAME = "dive-kas-keys";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return KasKeyProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return KasKeyProviderFactory.class;
    }
}
